/**
 * Hostile functions against the sandbox boundary (one attack family per file: hostile-*.spec.ts).
 * Each test is a real function, created and invoked through the AWS SDK on a real engine, trying
 * one attack a tenant's code could try on a shared engine; it must fail, and a positive control
 * shows the function really ran and could have succeeded. Network rule: nothing here sends a
 * packet off this machine (only 127.0.0.0/8, the host's own addresses, and a network namespace
 * the test makes); the metadata range is judged from the function's routing table, never
 * connected to.
 */
import fs from "node:fs";
import { afterAll, describe, expect } from "vitest";
import {
  NODE_NETWORK_PROBE,
  NODE_SPAWN_SOCKET_PROBE,
  NODE_VICTIM,
} from "@/test/support/security/hostile-node";
import { PYTHON_NETWORK_PROBE } from "@/test/support/security/hostile-python";
import { SHELL_BOOTSTRAP } from "@/test/support/security/hostile-native";
import {
  hostAddressHosts,
  metadataRouteVerdict,
  startHostService,
  type HostService,
} from "@/test/support/security/host-view";
import {
  LONG,
  createShellImageFunction,
  createZipFunction,
  invokeJson,
  rand,
  rethrow,
  settle,
  type SecurityEngine,
} from "@/test/support/security/security-engine";
import { securityTest } from "@/test/support/fixtures";

const test = securityTest("lc-hostile-net-", { registry: true });

interface NetAttempt {
  url: string;
  reached: boolean;
  detail: string;
}

interface NetReport {
  attempts: NetAttempt[];
  endpoint?: NetAttempt;
  invoke?: { ok: boolean; payload?: string; error?: string };
  procRoute?: string;
  ipRouteGet?: string | null;
  procRoute64?: string;
  ipRouteGet64?: string;
}

describe("a function reaches no host loopback service and no instance metadata", () => {
  let t: SecurityEngine;
  let imageReady: Promise<unknown>;
  let service: HostService;
  let targets: string[] = [];

  test.beforeAll(async ({ security }) => {
    t = security;
    service = await startHostService(`host-service-${rand()}`);
    targets = [
      `http://127.0.0.1:${service.port}/`,
      ...hostAddressHosts().map((h) => `http://${h}:${service.port}/`),
      `http://${t.registryHost ?? ""}/v2/`,
    ];
    await createZipFunction(t, "net-target", "nodejs20.x", { "index.mjs": NODE_VICTIM });
    await createZipFunction(t, "net-node", "nodejs20.x", { "index.mjs": NODE_NETWORK_PROBE });
    await createZipFunction(t, "net-python", "python3.12", { "index.py": PYTHON_NETWORK_PROBE });
    await createZipFunction(t, "net-shell", "provided.al2023", {
      bootstrap: [SHELL_BOOTSTRAP, 0o755],
    });
    imageReady = settle(createShellImageFunction(t, "net-image", []));
  }, LONG);

  afterAll(async () => {
    await service?.close();
  });

  const probe = async (name: string) => {
    service.hits.length = 0;
    const r = await invokeJson<NetReport>(t, name, {
      mode: "net",
      urls: targets.join(" "),
      enginePort: t.engine.port,
      target: "net-target",
    });
    expect(r.functionError, r.log).toBeUndefined();
    // The function really tried every target (and the engine's port when that is not its endpoint).
    expect(r.body.attempts.map((a) => a.url)).toEqual(expect.arrayContaining(targets));
    return r.body;
  };

  const b64 = (s: string | undefined) =>
    s === undefined ? undefined : Buffer.from(s, "base64").toString("utf8");

  const expectIsolated = (b: NetReport) => {
    const route = metadataRouteVerdict(
      b.procRoute ?? b64(b.procRoute64) ?? "",
      b.ipRouteGet ?? b64(b.ipRouteGet64),
    );
    expect({
      reachedHostServices: b.attempts.filter((a) => a.reached),
      requestsTheHostServiceSaw: service.hits,
      metadataRangeUnreachable: route.unreachable ? true : route.why,
    }).toEqual({
      reachedHostServices: [],
      requestsTheHostServiceSaw: [],
      metadataRangeUnreachable: true,
    });
  };

  test(
    "Node.js: host loopback and host addresses unreachable, 169.254/16 unroutable; invoke via AWS_ENDPOINT_URL works",
    async () => {
      const b = await probe("net-node");
      expect(b.invoke, "positive control: function-to-function invoke").toMatchObject({
        ok: true,
      });
      expect(JSON.parse(b.invoke?.payload ?? "null")).toEqual({ victim: "net-target", id: null });
      expectIsolated(b);
    },
    LONG,
  );

  test(
    "Python: host loopback and host addresses unreachable, 169.254/16 unroutable; AWS_ENDPOINT_URL answers",
    async () => {
      const b = await probe("net-python");
      expect(b.endpoint, "positive control: the engine answers at AWS_ENDPOINT_URL").toMatchObject({
        reached: true,
      });
      expectIsolated(b);
    },
    LONG,
  );

  test(
    "provided.al2023 shell bootstrap: host loopback and host addresses unreachable, 169.254/16 unroutable",
    async () => {
      const b = await probe("net-shell");
      expect(b.endpoint, "positive control: the engine answers at AWS_ENDPOINT_URL").toMatchObject({
        reached: true,
      });
      expectIsolated(b);
    },
    LONG,
  );

  test(
    "container image: host loopback and host addresses unreachable, 169.254/16 unroutable",
    async () => {
      await imageReady.then(rethrow);
      const b = await probe("net-image");
      expect(b.endpoint, "positive control: the engine answers at AWS_ENDPOINT_URL").toMatchObject({
        reached: true,
      });
      expectIsolated(b);
    },
    LONG,
  );

  test(
    "Node.js: the engine's spawn socket (its sandboxes' stdio and extension output) is out of reach, even by name",
    async () => {
      // On the host the engine's abstract socket is listed: an attacker there would have its name.
      const hostNames = fs
        .readFileSync("/proc/net/unix", "utf8")
        .split("\n")
        .map((l) => l.trim().split(/\s+/)[7] ?? "")
        .filter((p) => p.startsWith("@lambda-console-spawn-"))
        .map((p) => p.slice(1).replace(/@+$/, ""));
      expect(hostNames.length).toBeGreaterThan(0);
      await createZipFunction(t, "net-spawn-socket", "nodejs20.x", {
        "index.mjs": NODE_SPAWN_SOCKET_PROBE,
      });
      const r = await invokeJson<{
        sawOwn: boolean;
        own: string;
        seen: string[];
        attempts: { name: string; reached: boolean; detail: string }[];
      }>(t, "net-spawn-socket", { names: hostNames });
      expect(r.functionError, r.log).toBeUndefined();
      const body = JSON.stringify(r.body);
      // Controls: it lists its own abstract socket and reaches it by that name.
      expect(r.body.sawOwn, body).toBe(true);
      expect(r.body.attempts.find((a) => a.name === r.body.own)?.reached, body).toBe(true);
      expect(r.body.attempts.map((a) => a.name)).toEqual(expect.arrayContaining(hostNames));
      expect({
        listedInside: r.body.seen.filter((n) => n.startsWith("lambda-console-spawn-")),
        reached: r.body.attempts.filter((a) => a.reached && a.name !== r.body.own),
      }).toEqual({ listedInside: [], reached: [] });
    },
    LONG,
  );
});
