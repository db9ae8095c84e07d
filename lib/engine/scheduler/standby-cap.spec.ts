import { expect } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { InvokeHarness } from "@/test/support/invoke/harness";
import { harnessTest } from "@/test/support/fixtures";

// Standbys are processes too: with LAMBDA_ENGINE_MAX_ENVIRONMENTS=2 they must fit beside the
// environments, and give way when a cold start needs the room.
let h: InvokeHarness;
const invoke = (name: string) =>
  h.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from("{}") }));

const test = harnessTest("standby-cap-", {
  LAMBDA_ENGINE_MAX_ENVIRONMENTS: "2",
  LAMBDA_ENGINE_STANDBY: "2",
});

test.beforeAll(({ harness }) => {
  h = harness;
  for (const name of ["a", "b", "c"])
    h.add({
      name,
      runtime: "nodejs20.x",
      files: { "index.js": "exports.handler = async () => 1;" },
    });
});

test("counts standbys against the machine cap and gives their room to cold starts", async () => {
  const d = h.invoker.dispatcher;
  let maxSeen = 0;
  const sampler = setInterval(() => {
    maxSeen = Math.max(maxSeen, d.liveEnvironments() + d.standby.count());
  }, 2);
  try {
    expect((await invoke("a")).FunctionError).toBeUndefined();
    // One environment + one standby = the cap (the sampler checks it is never exceeded).
    await expect.poll(() => d.standby.count(), { timeout: 5000, interval: 20 }).toBe(1);
    const served = d.standby.served;
    expect((await invoke("b")).FunctionError).toBeUndefined();
    expect(d.standby.served).toBe(served + 1);
    expect((await invoke("c")).FunctionError).toBeUndefined(); // an idle one is evicted for it
    expect(d.liveEnvironments() + d.standby.count()).toBeLessThanOrEqual(2);
  } finally {
    clearInterval(sampler);
  }
  expect(maxSeen).toBeLessThanOrEqual(2);
});
