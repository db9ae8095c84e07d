import { describe, expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

let h: InvokeHarness;

const test = harnessTest("pool-spec-", { LAMBDA_ENGINE_IDLE_MS: "300" });

test.beforeAll(({ harness }) => {
  h = harness;
});

describe("environment pool", () => {
  test("reaps idle environments after LAMBDA_ENGINE_IDLE_MS; the next invoke is a cold start", async () => {
    h.add({
      name: "idle",
      runtime: "nodejs20.x",
      files: { "index.js": "exports.handler = async () => 1;" },
    });
    await h.lambda.send(new InvokeCommand({ FunctionName: "idle" }));
    expect(h.invoker.environmentCount("idle")).toBe(1);
    await expect
      .poll(() => h.invoker.environmentCount("idle"), { timeout: 5000, interval: 100 })
      .toBe(0);
    const r = await h.lambda.send(new InvokeCommand({ FunctionName: "idle", LogType: "Tail" }));
    expect(Buffer.from(r.LogResult ?? "", "base64").toString()).toContain("Init Duration:");
  });

  test("keeps throttled Event invocations and runs them when concurrency frees up", async () => {
    h.add({
      name: "serial",
      runtime: "nodejs20.x",
      reservedConcurrency: 1,
      files: {
        "index.js": `exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 300)); console.log("done " + e.i); return 1; };`,
      },
    });
    for (const i of [1, 2, 3]) {
      const r = await h.lambda.send(
        new InvokeCommand({
          FunctionName: "serial",
          InvocationType: "Event",
          Payload: Buffer.from(JSON.stringify({ i })),
        }),
      );
      expect(r.StatusCode).toBe(202);
    }
    await expect
      .poll(async () => (await h.logLines("serial")).filter((l) => /done \d$/.test(l)).length, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(3);
    // The durable queue deletes each event once it ran.
    await expect.poll(() => h.queue.size).toBe(0);
    expect(h.invoker.environmentCount("serial")).toBeLessThanOrEqual(1);
  });
});
