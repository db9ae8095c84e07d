import { expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

// Issue 18 (the first burst): a burst of cold starts takes the standbys that were ready, and the
// pool refills once the burst's starts have ended, not after each take: a standby booted
// mid-burst is taken while it still boots (no time saved) and its launcher costs more CPU than a
// plain start. One cold start after another still finds a standby each time.
let h: InvokeHarness;
const N = 8;
const names = Array.from({ length: N }, (_, i) => `f${i}`);
const sequential = ["s0", "s1", "s2", "s3"];
const afterCrash = ["c0", "c1", "c2"];

const test = harnessTest("standby-burst-", { LAMBDA_ENGINE_STANDBY: "2" });

test.beforeAll(({ harness }) => {
  h = harness;
  // Its init exits: the start never gets ready, the process is gone.
  h.add({ name: "crash", runtime: "nodejs20.x", files: { "index.js": "process.exit(3);" } });
  for (const name of [...names, ...sequential, ...afterCrash])
    h.add({
      name,
      runtime: "nodejs20.x",
      // One id per environment (pids repeat: each sandbox has its own pid namespace).
      files: {
        "index.js": "const id = require('crypto').randomUUID(); exports.handler = async () => id;",
      },
    });
});

/** Waits until the pool holds its two standbys. */
async function poolFull(): Promise<void> {
  const pool = h.invoker.dispatcher.standby;
  await expect.poll(() => pool.count(), { timeout: 10_000, interval: 20 }).toBe(2);
}

/** Invokes each function after the previous one answered; how many a standby served. */
async function servedInARow(functions: string[]): Promise<number> {
  const pool = h.invoker.dispatcher.standby;
  const before = pool.served;
  for (const name of functions) {
    const r = await h.lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(r.FunctionError).toBeUndefined();
  }
  return pool.served - before;
}

test("a burst of cold starts takes the ready standbys, and the pool refills after it", async () => {
  const pool = h.invoker.dispatcher.standby;
  // Prime the pool: one cold start of this size, then wait for its two standbys.
  const first = await h.lambda.send(new InvokeCommand({ FunctionName: "f0" }));
  expect(first.FunctionError).toBeUndefined();
  await poolFull();
  const served = pool.served;
  // N - 1 cold starts at once, each of its own function (none can reuse another's environment).
  const burst = await Promise.all(
    names.slice(1).map((n) => h.lambda.send(new InvokeCommand({ FunctionName: n }))),
  );
  expect(burst.map((r) => r.FunctionError)).toEqual(Array(N - 1).fill(undefined));
  expect(new Set(burst.map((r) => Buffer.from(r.Payload ?? []).toString())).size).toBe(N - 1);
  // The two that were ready served (and at most one that the first take's refill started, when
  // that take came before the others had begun); the rest started plainly.
  expect(pool.served - served).toBeGreaterThanOrEqual(2);
  expect(pool.served - served).toBeLessThanOrEqual(3);
  // Then the pool is back to its size.
  await poolFull();
});

test("one cold start after another: each is served by a standby", async () => {
  await poolFull();
  expect(await servedInARow(sequential)).toBe(sequential.length);
});

test("a start that dies in init does not hold back the refills of its size", async () => {
  await poolFull();
  const crashed = await h.lambda.send(new InvokeCommand({ FunctionName: "crash" }));
  expect(crashed.FunctionError).toBe("Unhandled");
  await poolFull();
  expect(await servedInARow(afterCrash)).toBe(afterCrash.length);
});
