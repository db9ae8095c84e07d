import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, test } from "vitest";
import { CapabilityBanner } from "@/components/shell/capability-banner";
import { startTestEngine, type TestEngine } from "@/test/support/lambda";
import { resolveLocalTarget } from "../targets/local-target";
import { capabilityWarningsForTarget } from "./capabilities";
import { readConsoleHealth } from "./console-health";

// Issue 19: every page names each degraded capability and the command that fixes it; the
// console's /health reports each component, read from a real engine.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function engineWith(env: Record<string, string> = {}): Promise<TestEngine> {
  const t = await startTestEngine("capabilities-", env);
  cleanups.push(() => t.close());
  return t;
}

const targetOf = (t: TestEngine) =>
  resolveLocalTarget({ LAMBDA_ENGINE_PORT: String(t.engine.port) });

describe("the console's capability banners, from a real engine's /health", () => {
  test("PgBouncer missing: a banner names the databases, what is missing and the fix", async () => {
    const t = await engineWith({ LAMBDA_ENGINE_PGBOUNCER: "/nonexistent/pgbouncer" });
    const { isolation, degraded } = await capabilityWarningsForTarget(targetOf(t));
    expect(isolation).toBeUndefined();
    expect(degraded).toHaveLength(1);
    const w = degraded[0];
    if (!w) throw new Error("no banner");
    expect(w.component).toBe("databases");
    const html = renderToStaticMarkup(createElement(CapabilityBanner, { warning: w }));
    expect(html).toContain(
      'aria-label="Degraded capability: Databases (RDS proxies) are unavailable"',
    );
    expect(html).toContain("PgBouncer not installed (Debian package pgbouncer)");
    expect(html).toContain("sudo bash scripts/install-system-packages.sh");
  });

  test("PostgreSQL and the registry's binary missing: one banner each", async () => {
    const t = await engineWith({
      LAMBDA_ENGINE_POSTGRES_BIN_DIR: "/nonexistent",
      LAMBDA_REGISTRY_PORT: "0",
      PATH: "/nonexistent",
    });
    await expect
      .poll(
        async () =>
          (await capabilityWarningsForTarget(targetOf(t))).degraded.map((d) => d.component),
        {
          timeout: 20_000,
          interval: 100,
        },
      )
      .toEqual(["registry", "databases"]);
    const { degraded } = await capabilityWarningsForTarget(targetOf(t));
    expect(degraded[0]?.title).toBe("Image functions are unavailable");
    expect(degraded[0]?.problem).toContain("docker-registry");
    expect(degraded[1]?.problem).toContain("PostgreSQL not installed");
  });

  test("everything installed (registry turned off on purpose): no banner", async () => {
    const t = await engineWith();
    expect(await capabilityWarningsForTarget(targetOf(t))).toEqual({ degraded: [] });
  });

  test("the console's /health reports engine, IdP, sandbox, registry and databases with versions", async () => {
    const t = await engineWith({ LAMBDA_ENGINE_PGBOUNCER: "/nonexistent/pgbouncer" });
    const h = await readConsoleHealth({
      LAMBDA_ENGINE_PORT: String(t.engine.port),
      LAMBDA_IDP_PORT: "1",
    });
    expect(h.status).toBe("degraded");
    expect(h.components.console.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(h.components.engine).toMatchObject({ status: "degraded" });
    expect(h.components.sandbox).toMatchObject({
      status: "ok",
      version: expect.stringMatching(/^bubblewrap /),
    });
    expect(h.components.registry).toMatchObject({ status: "off" });
    expect(h.components.databases).toMatchObject({
      status: "degraded",
      postgresql: { version: expect.stringMatching(/PostgreSQL/) },
      pgbouncer: { problem: "PgBouncer not installed (Debian package pgbouncer)" },
    });
    // No IdP listens on port 1: unreachable, but still named with its version.
    expect(h.components.idp).toMatchObject({ status: "unreachable", embedded: true });
    expect(h.components.idp.version).toBe(h.components.console.version);
  });
});
