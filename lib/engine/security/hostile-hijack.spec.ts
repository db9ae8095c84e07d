/**
 * Hostile functions against the sandbox boundary (one attack family per file: hostile-*.spec.ts).
 * Each test is a real function, created and invoked through the AWS SDK on a real engine, trying
 * one attack a tenant's code could try on a shared engine; it must fail, and a positive control
 * shows the function really ran and could have succeeded. Network rule: nothing here sends a
 * packet off this machine (only 127.0.0.0/8, the host's own addresses, and a network namespace
 * the test makes); the metadata range is judged from the function's routing table, never
 * connected to.
 */
import { isDeepStrictEqual } from "node:util";
import { describe, expect } from "vitest";
import { NODE_HIJACKER, NODE_VICTIM } from "@/test/support/security/hostile-node";
import { PYTHON_HIJACKER } from "@/test/support/security/hostile-python";
import { loopbackListeners } from "@/test/support/security/host-view";
import {
  LONG,
  createZipFunction,
  invokeJson,
  type SecurityEngine,
} from "@/test/support/security/security-engine";
import { securityTest } from "@/test/support/fixtures";

const test = securityTest("lc-hostile-hijack-");

interface HijackReport {
  stolen: { port: number; requestId: string; event: string; forgedAnswer: unknown }[];
  probed: Record<string, { parked: number; answers: unknown[]; errors: unknown[] }>;
}

describe("a function cannot take another environment's invocations", () => {
  let t: SecurityEngine;

  test.beforeAll(async ({ security }) => {
    t = security;
    for (const v of ["hv-node-a", "hv-node-b", "hv-python-a", "hv-python-b"])
      await createZipFunction(t, v, "nodejs20.x", { "index.mjs": NODE_VICTIM }, { Timeout: 5 });
    await createZipFunction(t, "hijack-node", "nodejs20.x", { "index.mjs": NODE_HIJACKER });
    await createZipFunction(t, "hijack-python", "python3.12", { "index.py": PYTHON_HIJACKER });
  }, LONG);

  /**
   * Victims are invoked in turn while the attacker runs, so each sits idle on /next while the
   * other works (as real functions mostly do). Ports of other processes on this machine (other
   * engines) are passed as skipPorts: the attacker probes only this test's own listeners.
   */
  async function hijackRound(attacker: string, victims: [string, string]) {
    const before = new Set(loopbackListeners().own);
    for (const v of victims) {
      const warm = await invokeJson(t, v, { id: `${v}-warm` });
      expect(warm.body, "positive control: the victim answers").toEqual({
        victim: v,
        id: `${v}-warm`,
      });
    }
    const { own, foreign } = loopbackListeners();
    // The victims' Runtime APIs, where the engine serves them on host loopback.
    const victimPorts = own.filter((p) => !before.has(p));
    let done = false;
    const attack = invokeJson<HijackReport>(t, attacker, {
      durationMs: 6000,
      extraPorts: own,
      skipPorts: foreign,
    }).finally(() => {
      done = true;
    });
    const wrong: unknown[] = [];
    let invokes = 0;
    for (let i = 0; !done; i++) {
      const v = victims[i % 2] ?? "";
      const id = `${v}-${i}`;
      const r = await invokeJson(t, v, { id, sleepMs: 1000 });
      invokes++;
      if (!isDeepStrictEqual(r.body, { victim: v, id }))
        wrong.push({ victim: v, id, got: r.body, functionError: r.functionError });
    }
    const report = (await attack).body;
    const stolen = report.stolen ?? [];
    expect(
      { taken: stolen.length, firstFew: stolen.slice(0, 3) },
      "invocations the attacker took from other environments (and answered with a forged response)",
    ).toEqual({ taken: 0, firstFew: [] });
    expect(wrong.slice(0, 3), "victim invokes that did not get their own answer").toEqual([]);
    // The attack really ran, during the victims' invokes, against their Runtime API ports.
    expect(invokes).toBeGreaterThanOrEqual(4);
    expect(Object.keys(report.probed)).toEqual(
      expect.arrayContaining(victimPorts.map((p) => String(p))),
    );
  }

  test(
    "a Node.js function polling /invocation/next on every loopback listener gets no victim event",
    () => hijackRound("hijack-node", ["hv-node-a", "hv-node-b"]),
    LONG,
  );

  test(
    "a Python function polling /invocation/next on every loopback listener gets no victim event",
    () => hijackRound("hijack-python", ["hv-python-a", "hv-python-b"]),
    LONG,
  );
});
