import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import {
  E2E_ADMIN_PASSWORD,
  E2E_IDP_PORT,
  ROLE_USER_PASSWORD,
  ROLE_USERS,
  postServerAction,
  serverActionId,
  signInThroughIdp,
  usersCli,
} from "./support/auth";
import { E2E_DATA_DIR, E2E_ROOT, E2E_SECOND_CONSOLE_PORT } from "./support/env";

// No session in this file: each test starts signed out.
test.use({ storageState: { cookies: [], origins: [] } });

const ROUTES = [
  "/",
  "/functions",
  "/layers",
  "/blueprints",
  "/code-signing",
  "/code-signing/buckets",
  "/logs",
  "/account",
  "/audit",
  "/users",
  "/not-allowed",
  "/no-role",
];

test("every route redirects to sign-in without a session", async ({ request }) => {
  for (const route of ROUTES) {
    const res = await request.get(route, { maxRedirects: 0 });
    expect(res.status(), route).toBe(307);
    expect(res.headers().location, route).toMatch(/\/login\?callbackUrl=/);
  }
  // Auth.js's own endpoints stay reachable, and report no session.
  const session = await request.get("/api/auth/session");
  expect(session.status()).toBe(200);
  expect(await session.json()).toBeNull();
});

test("a server action posted without a session is refused and changes nothing", async ({
  page,
}) => {
  await page.goto("/login");
  const id = serverActionId("app/(console)/users/actions.ts", "addUser");
  const res = await postServerAction(page, "/users", id, [
    { name: "e2e-intruder", groups: "lambda-admins" },
  ]);
  expect(res.status).toBe(307);
  expect(usersCli(["list"])).not.toContain("e2e-intruder");
});

test("a wrong password is refused at the IdP; the right one signs in", async ({ page }) => {
  await page.goto("/functions");
  await page.getByRole("button", { name: /^Sign in with/ }).click();
  await page.getByLabel("User name").fill(ROLE_USERS.viewer.name);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong user name or password.");
  await page.getByLabel("Password").fill(ROLE_USER_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const allow = page.getByRole("button", { name: "Allow" });
  await page.waitForURL(
    (u) => u.port !== String(E2E_IDP_PORT) || u.pathname.includes("/interaction/"),
  );
  if (await allow.isVisible().catch(() => false)) await allow.click();
  await expect(page).toHaveURL(/localhost:\d+\/functions/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Functions");
});

test("sign-out ends the console and the IdP session: the next sign-in asks for the password", async ({
  page,
}) => {
  await signInThroughIdp(page, ROLE_USERS.viewer.name, ROLE_USER_PASSWORD);
  await page.getByRole("banner").locator("summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/localhost:\d+\/login$/);
  expect((await page.request.get("/api/auth/session").then((r) => r.json())) as unknown).toBeNull();
  await page.getByRole("button", { name: /^Sign in with/ }).click();
  await expect(page.getByLabel("Password")).toBeVisible();
});

test.describe("a misconfigured OIDC client", () => {
  const PORT = E2E_SECOND_CONSOLE_PORT;
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    // The same build, pointed at the e2e IdP with a wrong client secret.
    server = spawn(
      process.execPath,
      [
        path.join(E2E_ROOT, "node_modules/next/dist/bin/next"),
        "start",
        "-H",
        "127.0.0.1",
        "-p",
        String(PORT),
      ],
      {
        cwd: E2E_ROOT,
        env: {
          ...process.env,
          LAMBDA_CONSOLE_DATA_DIR: E2E_DATA_DIR,
          AUTH_OIDC_ISSUER: `http://127.0.0.1:${E2E_IDP_PORT}`,
          AUTH_OIDC_CLIENT_ID: "lambda-console",
          AUTH_OIDC_CLIENT_SECRET: "not-the-secret",
          AUTH_OIDC_SCOPE: "openid profile email groups",
          AUTH_OIDC_NAME: "Team SSO",
        },
        stdio: "ignore",
      },
    );
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${PORT}/login`).then(
            () => true,
            () => false,
          ),
        { message: "the second console did not start", timeout: 60_000, intervals: [250] },
      )
      .toBe(true);
  });

  test.afterAll(async () => {
    const s = server;
    if (!s || s.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      s.once("exit", () => resolve());
      s.kill("SIGTERM");
    });
  });

  test("shows a clear error page after the IdP refuses the client", async ({ page }) => {
    await page.goto(`http://localhost:${PORT}/functions`);
    await page.getByRole("button", { name: "Sign in with Team SSO" }).click();
    await page.getByLabel("User name").fill("admin");
    await page.getByLabel("Password").fill(E2E_ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const allow = page.getByRole("button", { name: "Allow" });
    await page.waitForURL(
      (u) => u.port !== String(E2E_IDP_PORT) || u.pathname.includes("/interaction/"),
    );
    if (await allow.isVisible().catch(() => false)) await allow.click();
    await expect(page).toHaveURL(new RegExp(`localhost:${PORT}/login\\?error=Configuration`));
    const alert = page.getByRole("alert").filter({ hasText: "Sign-in failed" });
    await expect(alert).toContainText("Sign-in failed");
    await expect(alert).toContainText("Sign-in with Team SSO is misconfigured");
    await expect(alert).toContainText("AUTH_OIDC_CLIENT_SECRET");
  });
});
