import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, vi } from "vitest";
import packageJson from "../../../package.json";
import { enginesTest } from "@/test/support/fixtures";
import type { EngineHealth } from "./health";

const test = enginesTest("health-");

/** An unsigned GET, as a load balancer or `curl` would send it. */
async function getHealth(endpoint: string): Promise<{ status: number; body: EngineHealth }> {
  const res = await fetch(`${endpoint}/health`);
  return { status: res.status, body: (await res.json()) as EngineHealth };
}

describe("GET /health", () => {
  test("answers without a signature: engine version, node, sandbox enforced, registry off", async ({
    startEngine,
  }) => {
    const t = await startEngine();
    const { status, body } = await getHealth(t.engine.endpoint);
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.components.engine).toEqual({
      status: "ok",
      version: packageJson.version,
      node: process.version,
    });
    expect(body.components.sandbox).toMatchObject({
      status: "ok",
      enforced: true,
      canRunFunctions: true,
      sandbox: "bubblewrap+slirp4netns",
    });
    expect(body.components.sandbox.problem).toBeUndefined();
    expect(body.components.registry).toMatchObject({ status: "off" });
  });

  test("reveals no secret, and opens no other route to unsigned callers", async ({
    startEngine,
  }) => {
    const t = await startEngine();
    const text = await (await fetch(`${t.engine.endpoint}/health`)).text();
    expect(text).not.toContain(t.engine.ctx.config.secretAccessKey);
    expect(text).not.toContain(t.engine.ctx.config.accessKeyId);
    expect(text).not.toContain(t.dataDir);
    // Paths next to /health still need SigV4.
    for (const p of ["/2015-03-31/functions", "/health/more", "/healthz"]) {
      const res = await fetch(`${t.engine.endpoint}${p}`);
      expect(res.status, p).toBe(403);
      expect(res.headers.get("x-amzn-errortype"), p).toMatch(/MissingAuthenticationToken/);
    }
  });

  test("slirp4netns missing: degraded, naming the missing package and the command that fixes it", async ({
    startEngine,
  }) => {
    const t = await startEngine({ LAMBDA_ENGINE_SLIRP4NETNS: "/nonexistent" });
    const { status, body } = await getHealth(t.engine.endpoint);
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.components.engine.status).toBe("ok");
    expect(body.components.sandbox).toMatchObject({
      status: "degraded",
      enforced: false,
      canRunFunctions: false,
      sandbox: "unavailable",
    });
    expect(body.components.sandbox.problem).toContain("slirp4netns not installed");
    expect(body.components.sandbox.problem).not.toContain("bubblewrap");
    expect(body.components.sandbox.fix).toContain("scripts/install-system-packages.sh");
  });

  test("LAMBDA_ENGINE_SANDBOX=none: degraded, functions run unsandboxed", async ({
    startEngine,
  }) => {
    const t = await startEngine({ LAMBDA_ENGINE_SANDBOX: "none" });
    const { body } = await getHealth(t.engine.endpoint);
    expect(body.status).toBe("degraded");
    expect(body.components.sandbox).toMatchObject({
      status: "degraded",
      enforced: false,
      canRunFunctions: true,
      sandbox: "none (LAMBDA_ENGINE_SANDBOX=none)",
    });
    expect(body.components.sandbox.fix).toContain("unset LAMBDA_ENGINE_SANDBOX");
  });

  test("the local registry: ok with its URL once up; degraded when docker-registry is missing", async ({
    startEngine,
  }) => {
    const up = await startEngine({ LAMBDA_REGISTRY_PORT: "0", PATH: process.env.PATH ?? "" });
    await vi.waitFor(
      async () => {
        const { body } = await getHealth(up.engine.endpoint);
        expect(body.components.registry.status).toBe("ok");
        expect(body.components.registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(body.status).toBe("ok");
      },
      { timeout: 20_000, interval: 100 },
    );

    const missing = await startEngine({ LAMBDA_REGISTRY_PORT: "0", PATH: "/nonexistent" });
    await vi.waitFor(
      async () => {
        const { body } = await getHealth(missing.engine.endpoint);
        expect(body.components.registry.status).toBe("degraded");
        expect(body.components.registry.problem).toContain("docker-registry is not installed");
        expect(body.status).toBe("degraded");
      },
      { timeout: 20_000, interval: 100 },
    );
  });
});

describe("npm run engine with slirp4netns missing", () => {
  test("prints a loud warning naming the fix, and /health says degraded", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "health-main-"));
    // LAMBDA_ENGINE_SLIRP4NETNS in the engine's own process.env: the path detectIsolation caches.
    const child = spawn(process.execPath, ["--import", "tsx", "lib/engine/main.ts"], {
      cwd: path.resolve(import.meta.dirname, "../../.."),
      env: {
        ...process.env,
        LAMBDA_CONSOLE_DATA_DIR: dataDir,
        LAMBDA_ENGINE_PORT: "0",
        LAMBDA_REGISTRY_PORT: "off",
        LAMBDA_ENGINE_SLIRP4NETNS: "/nonexistent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    try {
      await vi.waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`engine exited early:\n${out}`);
          expect(out).toContain("[engine] ready");
        },
        { timeout: 30_000, interval: 100 },
      );
      expect(out).toMatch(
        /\[engine\] WARNING: function isolation is NOT enforced\. Functions cannot run: slirp4netns not installed/,
      );
      expect(out).toContain(
        "[engine] Fix: sudo bash scripts/install-system-packages.sh (installs bubblewrap, slirp4netns and python3)",
      );
      const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(endpoint).toBeDefined();
      const { body } = await getHealth(endpoint ?? "");
      expect(body.status).toBe("degraded");
      expect(body.components.sandbox.problem).toContain("slirp4netns not installed");
    } finally {
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
