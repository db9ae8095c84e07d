import fs from "node:fs";
import { expect } from "vitest";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { engineTest } from "@/test/support/fixtures";
import { makeZip } from "@/test/support/lambda";

/**
 * The soak's property (issue 18: 100,000 invokes with flat fds and memory) in a few hundred warm
 * invokes: once the environments are warm, more invokes open no file descriptors and leave no
 * environments, in-flight counts or queued events behind. A per-invoke leak of a pipe, socket,
 * timer-held request or ledger slot shows up as growth between two equal rounds.
 */

const test = engineTest("steady-state-");
const CALLERS = 4;
const ROUND = 150;

const LOGGING = makeZip({
  "index.mjs": `let n = 0;
export const handler = async () => {
  console.log("invoke", ++n);
  return { n };
};
`,
});

/**
 * The engine runs in this process: its descriptors are ours. Its counters are read in-process too
 * (engine-status over HTTP would open a socket of its own between the two counts).
 */
const openFds = () => fs.readdirSync("/proc/self/fd").length;

async function round(lambda: LambdaClient, invokes = ROUND): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next++ < invokes) {
        const r = await lambda.send(new InvokeCommand({ FunctionName: "steady" }));
        expect(r.FunctionError).toBeUndefined();
      }
    }),
  );
}

test("warm invokes in equal rounds open no descriptors and leave nothing in flight", async ({
  testEngine,
  createFunction,
}) => {
  await createFunction("steady", { Code: { ZipFile: LOGGING }, Handler: "index.handler" });
  const { lambda, engine } = testEngine;
  // Round 1 starts the environments (and standbys settle) and makes them hot: an environment's
  // runtime client opens its connection for the hot path once, after 100 invokes (ric-bundle.ts);
  // ~250 invokes each here. Rounds 2 and 3 must look the same.
  await round(lambda, 1000);
  await expect.poll(() => engine.controls.status().inFlight).toBe(0);
  await round(lambda);
  await expect.poll(() => engine.controls.status().inFlight).toBe(0);
  const before = { fds: openFds(), ...engine.controls.status() };
  await round(lambda);
  await expect.poll(() => engine.controls.status().inFlight).toBe(0);
  const after = { fds: openFds(), ...engine.controls.status() };
  expect(after).toMatchObject({
    fds: before.fds,
    liveEnvironments: before.liveEnvironments,
    standbyEnvironments: before.standbyEnvironments,
    queuedEvents: 0,
  });
  expect(engine.controls.invoker.dispatcher.ledger.totalInFlight()).toBe(0);
});
