import { expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

// Standbys sized from observed concurrency (issue 18): after a burst of cold starts the pool
// refills to the burst's size (at most LAMBDA_ENGINE_STANDBY_MAX), the next burst of the same
// size is served by standbys, and once idle the pool shrinks back to LAMBDA_ENGINE_STANDBY.
let h: InvokeHarness;
const invoke = (name: string) =>
  h.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from("{}") }));
const burst = (name: string, n: number) =>
  Promise.all(Array.from({ length: n }, () => invoke(name)));

const test = harnessTest("standby-demand-", {
  LAMBDA_ENGINE_STANDBY: "1",
  LAMBDA_ENGINE_STANDBY_MAX: "4",
  LAMBDA_ENGINE_STANDBY_DECAY_MS: "2000",
});

test.beforeAll(({ harness }) => {
  h = harness;
  // The invokes of a burst hold their environments until all have started.
  for (const name of ["a", "b"])
    h.add({
      name,
      runtime: "nodejs20.x",
      files: {
        "index.js": "exports.handler = () => new Promise((r) => setTimeout(() => r(1), 400));",
      },
    });
});

test("refills to the observed burst within the cap, serves the next burst, decays when idle", async () => {
  const d = h.invoker.dispatcher;
  let maxSeen = 0;
  const sampler = setInterval(() => (maxSeen = Math.max(maxSeen, d.standby.count())), 2);
  try {
    const first = await burst("a", 6);
    expect(first.every((r) => r.FunctionError === undefined)).toBe(true);
    // 6 cold starts at once: the pool grows to the cap of 4, not to 6.
    await expect.poll(() => d.standby.count(), { timeout: 10_000, interval: 20 }).toBe(4);
    const served = d.standby.served;
    const second = await burst("b", 4);
    expect(second.every((r) => r.FunctionError === undefined)).toBe(true);
    expect(d.standby.served).toBe(served + 4);
    // Idle: the observed peak halves every 2 s down to the configured 1; the rest are reclaimed.
    await expect.poll(() => d.standby.count(), { timeout: 20_000, interval: 50 }).toBe(1);
  } finally {
    clearInterval(sampler);
  }
  expect(maxSeen).toBeLessThanOrEqual(4);
});
