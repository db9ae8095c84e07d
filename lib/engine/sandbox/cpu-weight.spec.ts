import fs from "node:fs";
import path from "node:path";
import { describe, expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

// Issue 18: where sessions would each be a scheduling group of their own (sched_autogroup, cgroup
// v1), each sandbox gets a cpu group of its own and the engine one weighted above them, so a burst
// of cold starts cannot starve the engine that admits the burst's requests; against the host's
// other processes (a client of the engine among them) the engine and its sandboxes weigh one session.
let h: InvokeHarness;
const CPU = "/sys/fs/cgroup/cpu";
const cpuLine = (text: string) =>
  text
    .split("\n")
    .map((l) => l.split(":"))
    .find((f) => (f[1] ?? "").split(",").includes("cpu"))
    ?.slice(2)
    .join(":");
const shares = (group: string) =>
  Number(fs.readFileSync(path.join(CPU, group, "cpu.shares"), "utf8"));

const PROBE = `const fs = require("node:fs");
exports.handler = async () => ({ cgroup: fs.readFileSync("/proc/self/cgroup", "utf8") });`;

const test = harnessTest("cpu-weight-spec-", { LAMBDA_ENGINE_STANDBY: "0" });

test.beforeAll(({ harness }) => {
  h = harness;
  for (const name of ["weigh-a", "weigh-b"])
    h.add({ name, runtime: "nodejs20.x", files: { "index.js": PROBE } });
});

const invoke = async (name: string) => {
  const r = await h.lambda.send(new InvokeCommand({ FunctionName: name, Payload: "{}" }));
  expect(r.FunctionError).toBeUndefined();
  const out = JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString()) as {
    cgroup: string;
  };
  return cpuLine(out.cgroup) ?? "";
};

const writableCpuV1 = fs.existsSync(path.join(CPU, "cpu.shares")) && process.getuid?.() === 0;

describe.skipIf(!writableCpuV1)("cpu weights (cgroup v1)", () => {
  test("each sandbox runs in a cpu group of its own, and the engine in one weighted above them", async () => {
    // The engine moves itself in the background (the kernel takes 5-15 ms to move a process).
    const own = () => cpuLine(fs.readFileSync("/proc/self/cgroup", "utf8")) ?? "";
    await expect.poll(own).toMatch(new RegExp(`/lambda-console-${process.pid}/engine$`));
    const engineGroup = own();
    const [a, b] = await Promise.all([invoke("weigh-a"), invoke("weigh-b")]);
    const parent = path.dirname(engineGroup);
    expect(path.dirname(a)).toBe(parent);
    expect(path.dirname(b)).toBe(parent);
    expect(a).toMatch(/\/env-[0-9a-f]+$/);
    expect(a).not.toBe(b); // one function's processes never share another's weight
    expect(shares(a)).toBe(1024);
    expect(shares(engineGroup)).toBeGreaterThan(100 * shares(a));
    // The parent weighs one session, with two sandboxes as with none: a client on this host (the
    // test itself) is not outweighed by the engine's idle environments.
    expect(h.invoker.dispatcher.pool.count()).toBeGreaterThanOrEqual(2);
    expect(shares(parent)).toBe(1024);
  });

  test("a disposed environment's cpu group is removed; the engine still weighs one session", async () => {
    const group = await invoke("weigh-a");
    expect(fs.existsSync(path.join(CPU, group))).toBe(true);
    await Promise.all(h.invoker.dispatcher.pool.list().map((env) => env.dispose()));
    expect(fs.existsSync(path.join(CPU, group))).toBe(false);
    expect(shares(path.dirname(group))).toBe(1024);
  });
});
