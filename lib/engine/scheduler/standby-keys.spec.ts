import { expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";
import { HOST_NODE_MAJOR } from "../runtimes/nodejs/node-runtime";

// Issue 18: a size in a burst of cold starts refills its standbys once the burst's starts end
// (standby-burst.spec); a cold start of another size meanwhile refills that other size at once,
// and starts none of the bursting size's (each would boot beside the burst, for nothing).
let h: InvokeHarness;
const test = harnessTest("standby-keys-", { LAMBDA_ENGINE_STANDBY: "2" });
const burst = ["a1", "a2", "a3", "a4", "a5"];

test.beforeAll(({ harness }) => {
  h = harness;
  const quick = { "index.js": "exports.handler = async () => 'ok';" };
  // Init takes a second: the burst's starts are still under way when the other size's comes.
  const slowInit = {
    "index.js":
      "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);\n" +
      "exports.handler = async () => 'ok';",
  };
  h.add({ name: "a0", runtime: "nodejs20.x", memory: 128, files: quick });
  for (const name of burst) h.add({ name, runtime: "nodejs20.x", memory: 128, files: slowInit });
  for (const name of ["b0", "b1"])
    h.add({ name, runtime: "nodejs20.x", memory: 256, files: quick });
});

const standbys = (size: number) =>
  h.invoker.dispatcher.standby.list().filter((s) => s.key.startsWith(`${size}/`)).length;

test.skipIf(HOST_NODE_MAJOR !== 20)(
  "a cold start of another size refills its own size, not the one in a burst",
  async () => {
    const pool = h.invoker.dispatcher.standby;
    for (const name of ["a0", "b0"]) {
      const r = await h.lambda.send(new InvokeCommand({ FunctionName: name }));
      expect(r.FunctionError).toBeUndefined();
    }
    await expect.poll(() => [standbys(128), standbys(256)], { timeout: 15_000 }).toEqual([2, 2]);
    const served = pool.served;
    const inBurst = Promise.all(
      burst.map((n) => h.lambda.send(new InvokeCommand({ FunctionName: n }))),
    );
    // The burst took both 128 MB standbys and its other starts are under way.
    await expect.poll(() => standbys(128), { timeout: 5_000, interval: 10 }).toBe(0);
    const b1 = await h.lambda.send(new InvokeCommand({ FunctionName: "b1" }));
    expect(b1.FunctionError).toBeUndefined();
    // 256 MB is back to two while the 128 MB burst is still in its inits, with none of its own.
    await expect.poll(() => standbys(256), { timeout: 5_000, interval: 10 }).toBe(2);
    expect(standbys(128)).toBe(0);
    const results = await inBurst;
    expect(results.map((r) => r.FunctionError)).toEqual(burst.map(() => undefined));
    // Served by standbys: the burst's two that were ready (and at most one that the first take's
    // refill started, when that take came before the others had begun), and b1.
    expect(pool.served - served).toBeGreaterThanOrEqual(3);
    expect(pool.served - served).toBeLessThanOrEqual(4);
    // Its starts over, the burst's size refills.
    await expect.poll(() => standbys(128), { timeout: 15_000 }).toBe(2);
  },
);
