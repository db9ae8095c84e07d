import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, test } from "vitest";
import { IsolationBanner } from "@/components/shell/isolation-banner";
import { startTestEngine, type TestEngine } from "@/test/support/lambda";
import { resolveLocalTarget } from "../targets/local-target";
import type { Target } from "../targets/types";
import { isolationWarningForTarget, START_ENGINE_FIX } from "./engine-health";
import { PROBE_TIMEOUT_MS } from "./probe";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function engineWith(env: Record<string, string> = {}): Promise<TestEngine> {
  const t = await startTestEngine("engine-health-", env);
  cleanups.push(() => t.close());
  return t;
}

/** The console's local target, pointed at a test engine's port. */
const localTargetAt = (port: number): Target =>
  resolveLocalTarget({ LAMBDA_ENGINE_PORT: String(port) });

const bannerHtml = async (target: Target) => {
  const warning = await isolationWarningForTarget(target);
  return warning ? renderToStaticMarkup(createElement(IsolationBanner, { warning })) : "";
};

describe("the console's isolation banner, from a real engine's /health", () => {
  test("an engine without slirp4netns: the banner names the missing package and the fix", async () => {
    const t = await engineWith({ LAMBDA_ENGINE_SLIRP4NETNS: "/nonexistent" });
    const html = await bannerHtml(localTargetAt(t.engine.port));
    expect(html).toContain('aria-label="Engine isolation warning"');
    expect(html).toContain("Function isolation is not enforced");
    expect(html).toContain("slirp4netns not installed");
    expect(html).toContain("Fix: <code");
    expect(html).toContain("sudo bash scripts/install-system-packages.sh");
  });

  test("an engine run with LAMBDA_ENGINE_SANDBOX=none: the banner says isolation is off", async () => {
    const t = await engineWith({ LAMBDA_ENGINE_SANDBOX: "none" });
    const html = await bannerHtml(localTargetAt(t.engine.port));
    expect(html).toContain("Function isolation is off (LAMBDA_ENGINE_SANDBOX=none)");
    expect(html).toContain("unset LAMBDA_ENGINE_SANDBOX");
  });

  test("a sandboxed engine: no banner", async () => {
    const t = await engineWith();
    expect(await isolationWarningForTarget(localTargetAt(t.engine.port))).toBeUndefined();
  });

  test("no engine on the port: the banner says it is not reachable and how to start it", async () => {
    // A port the kernel just handed out and that nothing listens on any more.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const warning = await isolationWarningForTarget(localTargetAt(port));
    expect(warning?.title).toBe("Local engine not reachable");
    expect(warning?.problem).toContain(`http://127.0.0.1:${port}`);
    expect(warning?.problem).toContain("connection refused");
    expect(warning?.fix).toBe(START_ENGINE_FIX);
  });

  test("an engine that never answers holds the page only until the probe's timeout", async () => {
    const sockets = new Set<Socket>();
    let asked = 0;
    const hung = http.createServer(() => {
      asked++; // never answers
    });
    hung.on("connection", (s) => sockets.add(s));
    await new Promise<void>((r) => hung.listen(0, "127.0.0.1", () => r()));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          hung.close(() => r());
        }),
    );
    const warning = await isolationWarningForTarget(
      localTargetAt((hung.address() as AddressInfo).port),
    );
    // The probe's own timeout ended the wait: without it the page (and this test) would hang.
    expect(asked).toBe(1);
    expect(warning?.title).toBe("Local engine not reachable");
    expect(warning?.problem).toContain(`no answer within ${PROBE_TIMEOUT_MS} ms`);
  });

  test("an AWS target: its endpoint is never asked for /health, and no banner", async () => {
    let asked = 0;
    const endpoint = http.createServer((_req, res) => {
      asked++;
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => endpoint.listen(0, "127.0.0.1", () => r()));
    cleanups.push(() => new Promise<void>((r) => endpoint.close(() => r())));
    const port = (endpoint.address() as AddressInfo).port;
    const aws: Target = { ...localTargetAt(port), id: "prod", kind: "aws" };
    expect(await isolationWarningForTarget(aws)).toBeUndefined();
    // The same endpoint as the local target does get asked (and its failure shows).
    expect((await isolationWarningForTarget(localTargetAt(port)))?.problem).toContain("HTTP 500");
    expect(asked).toBe(1);
  });
});
