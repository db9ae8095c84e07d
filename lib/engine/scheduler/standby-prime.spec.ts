import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_NODE_MAJOR } from "../runtimes/nodejs/node-runtime";
import { CreateFunctionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import {
  createInput,
  makeZip,
  settled,
  startTestEngine,
  type TestEngine,
} from "../api/lambda/spec-support";
import type { EngineStatus } from "../invoke/controls";
import { signedHeaders } from "../http/spec-signer";

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine("standby-prime-", { LAMBDA_ENGINE_STANDBY: "2" });
});
afterAll(async () => {
  await t?.close();
});

/** GET /lambda-console/engine-status, signed as any client signs it. */
async function status(): Promise<EngineStatus> {
  const url = new URL(`${t.engine.endpoint}/lambda-console/engine-status`);
  const res = await fetch(url, {
    headers: await signedHeaders(url, t.engine.ctx.config, { method: "GET" }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as EngineStatus;
}

async function until(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// These specs' functions are nodejs20.x, whose standbys are the host's own Node.js only on a
// Node.js 20 host; on the CI's Node.js 24 run they would wait on a Node.js 20 download and key
// their standbys by it (issue 19), which these timings do not model. Left for issue 18.
describe.skipIf(HOST_NODE_MAJOR !== 20)("standby sandboxes at engine start", () => {
  it("start when a Node.js function is created, and with the engine for the sizes of existing ones, so the first cold start after a start takes one", async () => {
    expect((await status()).standbyEnvironments).toBe(0); // no functions, nothing to prime
    const code = makeZip({
      "index.mjs": "export const handler = async () => ({ up: process.uptime() });\n",
    });
    await t.lambda.send(
      new CreateFunctionCommand(createInput("sized", { MemorySize: 256, Code: { ZipFile: code } })),
    );
    await settled(t.lambda, "sized");
    // A function just created is about to be tested: its size gets standbys at once.
    await until(async () => (await status()).standbyEnvironments === 2);
    await t.restart();
    // No invoke yet: the standbys are there for the function's size.
    await until(async () => (await status()).standbyEnvironments === 2);
    await new Promise((r) => setTimeout(r, 2500));
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "sized", LogType: "Tail" }));
    expect(r.FunctionError).toBeUndefined();
    // Its process had booted before the invoke: the standby primed at start, not a new one.
    const { up } = JSON.parse(Buffer.from(r.Payload ?? []).toString("utf8")) as { up: number };
    expect(up).toBeGreaterThan(1); // a process started for this invoke would be well under
    const log = Buffer.from(r.LogResult ?? "", "base64").toString("utf8");
    expect(log).toMatch(/Memory Size: 256 MB/);
    // The standby taken for that cold start is replaced.
    await until(async () => (await status()).standbyEnvironments === 2);
  });
});
