import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { E2E_IDP_PORT } from "./support/auth";
import {
  E2E_DATA_DIR,
  E2E_ENGINE_PORT,
  E2E_ROOT,
  E2E_UNSANDBOXED_CONSOLE_PORT,
  E2E_UNSANDBOXED_ENGINE_PORT,
} from "./support/env";

const packageJson = JSON.parse(fs.readFileSync(path.join(E2E_ROOT, "package.json"), "utf8")) as {
  version: string;
};
const readData = (file: string) => fs.readFileSync(path.join(E2E_ROOT, E2E_DATA_DIR, file), "utf8");
const banner = (page: Page) => page.getByRole("region", { name: "Engine isolation warning" });

test.describe("console /health, signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("answers without a session: console, the local engine's report, the IdP", async ({
    request,
  }) => {
    // The engine's image registry may still be starting when the first spec runs.
    await expect
      .poll(async () => (await (await request.get("/health")).json()).status, { timeout: 30_000 })
      .toBe("ok");
    const res = await request.get("/health", { maxRedirects: 0 });
    expect(res.status()).toBe(200);
    const health = await res.json();
    expect(health.components.console).toEqual({
      status: "ok",
      version: packageJson.version,
      node: expect.stringMatching(/^v\d+\./),
    });
    expect(health.components.engine).toMatchObject({
      status: "ok",
      endpoint: `http://127.0.0.1:${E2E_ENGINE_PORT}`,
      components: {
        engine: { status: "ok", version: packageJson.version },
        sandbox: { status: "ok", enforced: true, sandbox: "bubblewrap+slirp4netns" },
        registry: { status: "ok" },
      },
    });
    expect(health.components.idp).toEqual({
      status: "ok",
      issuer: `http://127.0.0.1:${E2E_IDP_PORT}`,
      embedded: true,
      version: packageJson.version,
    });
    // Nothing secret in it: not the engine's keys, the console's auth secret, the OIDC client.
    const text = await res.text();
    const engineKeys = JSON.parse(readData("engine-credentials.json")) as Record<string, string>;
    const oidcClient = JSON.parse(readData("oidc-client.json")) as Record<string, string>;
    for (const secret of [
      engineKeys.accessKeyId,
      engineKeys.secretAccessKey,
      oidcClient.clientSecret,
      readData("auth-secret").trim(),
    ])
      expect(text).not.toContain(secret);
  });

  test("only /health itself is public: its neighbours still redirect to sign-in", async ({
    request,
  }) => {
    for (const route of ["/healthz", "/health/details", "/functions"]) {
      const res = await request.get(route, { maxRedirects: 0 });
      expect(res.status(), route).toBe(307);
      expect(res.headers().location, route).toMatch(/\/login\?callbackUrl=/);
    }
  });
});

test("with the sandboxed e2e engine, no isolation banner on any page", async ({ page }) => {
  for (const route of ["/", "/functions", "/account"]) {
    await page.goto(route);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(banner(page), route).toHaveCount(0);
  }
});

/**
 * A second engine run with LAMBDA_ENGINE_SANDBOX=none and a second console (the same build, the
 * e2e data dir, so the admin's session works) pointed at it.
 */
test.describe("a console whose local engine runs functions unsandboxed", () => {
  test.describe.configure({ mode: "serial" });
  const CONSOLE_PORT = E2E_UNSANDBOXED_CONSOLE_PORT;
  const ENGINE_PORT = E2E_UNSANDBOXED_ENGINE_PORT;
  const ENGINE_DATA_DIR = path.join(E2E_ROOT, ".tmp/e2e-unsandboxed-engine");
  const keys = {
    LAMBDA_ENGINE_ACCESS_KEY_ID: "AKIAUNSANDBOXEDE2E00",
    LAMBDA_ENGINE_SECRET_ACCESS_KEY: "unsandboxed-e2e-secret-key-0000000000000",
  };
  const origin = `http://localhost:${CONSOLE_PORT}`;
  const children: ChildProcess[] = [];
  let engine: ChildProcess | undefined;

  const stop = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });

  test.beforeAll(async () => {
    fs.rmSync(ENGINE_DATA_DIR, { recursive: true, force: true });
    engine = spawn(process.execPath, ["--import", "tsx", "lib/engine/main.ts"], {
      cwd: E2E_ROOT,
      env: {
        ...process.env,
        ...keys,
        LAMBDA_CONSOLE_DATA_DIR: ENGINE_DATA_DIR,
        LAMBDA_ENGINE_PORT: String(ENGINE_PORT),
        LAMBDA_REGISTRY_PORT: "off",
        LAMBDA_ENGINE_SANDBOX: "none",
      },
      stdio: "ignore",
    });
    children.push(engine);
    const server = spawn(
      process.execPath,
      [
        path.join(E2E_ROOT, "node_modules/next/dist/bin/next"),
        "start",
        "-H",
        "127.0.0.1",
        "-p",
        String(CONSOLE_PORT),
      ],
      {
        cwd: E2E_ROOT,
        env: {
          ...process.env,
          ...keys,
          PORT: String(CONSOLE_PORT),
          LAMBDA_CONSOLE_DATA_DIR: E2E_DATA_DIR,
          LAMBDA_ENGINE_PORT: String(ENGINE_PORT),
          LAMBDA_IDP_PORT: String(E2E_IDP_PORT),
          LAMBDA_CONSOLE_CONFIG: "e2e/fixtures/lambda-console.config.json",
        },
        stdio: "ignore",
      },
    );
    children.push(server);
    const up = (url: string) =>
      fetch(url).then(
        (r) => r.ok,
        () => false,
      );
    await expect
      .poll(() => up(`http://127.0.0.1:${ENGINE_PORT}/health`), { timeout: 60_000 })
      .toBe(true);
    await expect.poll(() => up(`${origin}/login`), { timeout: 60_000 }).toBe(true);
  });

  test.afterAll(async () => {
    await Promise.all(children.map(stop));
    fs.rmSync(ENGINE_DATA_DIR, { recursive: true, force: true });
  });

  test("every page shows the banner naming the problem and the fix", async ({ page }) => {
    for (const route of ["/", "/functions", "/account"]) {
      await page.goto(`${origin}${route}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const b = banner(page);
      await expect(b, route).toContainText("Function isolation is not enforced.");
      await expect(b, route).toContainText(
        "Function isolation is off (LAMBDA_ENGINE_SANDBOX=none): functions run as plain host processes",
      );
      await expect(b.locator("code"), route).toHaveText(
        "unset LAMBDA_ENGINE_SANDBOX and sudo bash scripts/install-system-packages.sh (installs bubblewrap, slirp4netns and python3)",
      );
    }
  });

  test("the sign-in page shows it too", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(`${origin}/functions`);
    await expect(page).toHaveURL(/\/login/);
    await expect(banner(page)).toContainText("LAMBDA_ENGINE_SANDBOX=none");
    await context.close();
  });

  test("its /health says degraded, with the engine's problem and fix", async ({ request }) => {
    const health = await (await request.get(`${origin}/health`)).json();
    expect(health.status).toBe("degraded");
    expect(health.components.engine).toMatchObject({
      status: "degraded",
      endpoint: `http://127.0.0.1:${ENGINE_PORT}`,
      components: {
        sandbox: {
          status: "degraded",
          enforced: false,
          canRunFunctions: true,
          fix: expect.stringContaining("unset LAMBDA_ENGINE_SANDBOX"),
        },
      },
    });
  });

  test("once the engine stops, the banner says it is not reachable and how to start it", async ({
    page,
  }) => {
    if (engine) await stop(engine);
    await page.goto(`${origin}/functions`);
    // Health answers are reused for a few seconds: reload until the console has asked again.
    await expect(async () => {
      await page.reload();
      await expect(banner(page)).toContainText("Local engine not reachable", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(banner(page)).toContainText(`http://127.0.0.1:${ENGINE_PORT}`);
    await expect(banner(page).locator("code")).toHaveText(
      "npm start (or npm run engine to start the engine alone)",
    );
  });
});
