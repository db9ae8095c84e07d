import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, vi } from "vitest";
import { enginesTest, type StartEngine } from "@/test/support/fixtures";
import type { EngineHealth } from "./health";

// Issue 19: /health names every component the product's capabilities rest on, with versions, and
// for a degraded one what is wrong and the command that fixes it.
const test = enginesTest("health-components-");

async function health(
  startEngine: StartEngine,
  env: Record<string, string> = {},
): Promise<EngineHealth> {
  const t = await startEngine(env);
  return (await (await fetch(`${t.engine.endpoint}/health`)).json()) as EngineHealth;
}

describe("GET /health: components with versions", () => {
  test("a fully installed host: sandbox, registry and databases ok, each with its version", async ({
    startEngine,
  }) => {
    const t = await startEngine({
      LAMBDA_REGISTRY_PORT: "0",
      PATH: process.env.PATH ?? "",
    });
    await vi.waitFor(
      async () => {
        const body = (await (await fetch(`${t.engine.endpoint}/health`)).json()) as EngineHealth;
        expect(body.status).toBe("ok");
        expect(body.components.registry).toMatchObject({ status: "ok" });
        expect(body.components.registry.version).toMatch(/2\.\d+\.\d+/);
        expect(body.components.sandbox.version).toMatch(/^bubblewrap \d+\.\d+/);
        expect(body.components.databases).toMatchObject({
          status: "ok",
          postgresql: { version: expect.stringMatching(/^postgres \(PostgreSQL\) \d+/) },
          pgbouncer: { version: expect.stringMatching(/^PgBouncer \d+\.\d+/) },
        });
        expect(body.components.databases.problem).toBeUndefined();
      },
      { timeout: 20_000, interval: 100 },
    );
  });

  test("PgBouncer missing: databases degraded, naming it and the command that installs it", async ({
    startEngine,
  }) => {
    const body = await health(startEngine, { LAMBDA_ENGINE_PGBOUNCER: "/nonexistent/pgbouncer" });
    expect(body.status).toBe("degraded");
    expect(body.components.databases.status).toBe("degraded");
    expect(body.components.databases.postgresql.version).toMatch(/PostgreSQL/);
    expect(body.components.databases.pgbouncer.problem).toBe(
      "PgBouncer not installed (Debian package pgbouncer)",
    );
    expect(body.components.databases.problem).toContain("Databases (RDS) are unavailable");
    expect(body.components.databases.fix).toBe("sudo bash scripts/install-system-packages.sh");
  });

  test("PostgreSQL missing: databases degraded, naming PostgreSQL", async ({ startEngine }) => {
    const body = await health(startEngine, { LAMBDA_ENGINE_POSTGRES_BIN_DIR: "/nonexistent" });
    expect(body.components.databases.status).toBe("degraded");
    expect(body.components.databases.problem).toContain(
      "PostgreSQL not installed (Debian package postgresql)",
    );
    expect(body.components.databases.problem).not.toContain("PgBouncer");
  });

  test("docker-registry missing: the registry's fix is the install command", async ({
    startEngine,
  }) => {
    const t = await startEngine({
      LAMBDA_REGISTRY_PORT: "0",
      PATH: "/nonexistent",
    });
    await vi.waitFor(
      async () => {
        const body = (await (await fetch(`${t.engine.endpoint}/health`)).json()) as EngineHealth;
        expect(body.components.registry.status).toBe("degraded");
        expect(body.components.registry.fix).toBe("sudo bash scripts/install-system-packages.sh");
      },
      { timeout: 20_000, interval: 100 },
    );
  });
});

describe("npm run engine on a host without docker-registry and PgBouncer", () => {
  test("the start output names each degraded capability and its fix", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "health-components-main-"));
    const child = spawn(process.execPath, ["--import", "tsx", "lib/engine/main.ts"], {
      cwd: path.resolve(import.meta.dirname, "../../.."),
      env: {
        ...process.env,
        PATH: "/nonexistent",
        LAMBDA_CONSOLE_DATA_DIR: dataDir,
        LAMBDA_ENGINE_PORT: "0",
        LAMBDA_REGISTRY_PORT: "0",
        LAMBDA_ENGINE_PGBOUNCER: "/nonexistent/pgbouncer",
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
      expect(out).toMatch(/\[engine\] WARNING: registry degraded: .*docker-registry/);
      expect(out).toMatch(
        /\[engine\] WARNING: databases degraded: Databases \(RDS\) are unavailable: PgBouncer not installed/,
      );
      expect(out).toContain("[engine]   Fix: sudo bash scripts/install-system-packages.sh");
      expect(out).not.toContain("WARNING: function isolation");
    } finally {
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
