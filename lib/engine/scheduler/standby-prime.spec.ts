import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateFunctionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import type { SourceData } from "@smithy/types";
import {
  createInput,
  makeZip,
  settled,
  startTestEngine,
  type TestEngine,
} from "../api/lambda/spec-support";
import type { EngineStatus } from "./controls";

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine("standby-prime-", { LAMBDA_ENGINE_STANDBY: "2" });
});
afterAll(async () => {
  await t?.close();
});

class Sha256 {
  private readonly h: crypto.Hash | crypto.Hmac;
  constructor(secret?: SourceData) {
    this.h =
      secret === undefined
        ? crypto.createHash("sha256")
        : crypto.createHmac("sha256", Buffer.from(secret as Uint8Array));
  }
  update(d: Uint8Array) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

/** GET /lambda-console/engine-status, signed as any client signs it. */
async function status(): Promise<EngineStatus> {
  const url = new URL(`${t.engine.endpoint}/lambda-console/engine-status`);
  const { accessKeyId, secretAccessKey } = t.engine.ctx.config;
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region: "us-east-1",
    service: "lambda",
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: "GET",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host },
    }),
  );
  const headers = { ...signed.headers };
  delete headers.host;
  const res = await fetch(url, { headers });
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

describe("standby sandboxes at engine start", () => {
  it("start for the sizes of existing Node.js functions, so the first cold start after a start takes one", async () => {
    expect((await status()).standbyEnvironments).toBe(0); // no functions, nothing to prime
    const code = makeZip({
      "index.mjs": "export const handler = async () => ({ up: process.uptime() });\n",
    });
    await t.lambda.send(
      new CreateFunctionCommand(createInput("sized", { MemorySize: 256, Code: { ZipFile: code } })),
    );
    await settled(t.lambda, "sized");
    await t.restart();
    // No invoke yet: the standbys are there for the function's size.
    await until(async () => (await status()).standbyEnvironments === 2);
    await new Promise((r) => setTimeout(r, 1500));
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "sized", LogType: "Tail" }));
    expect(r.FunctionError).toBeUndefined();
    // Its process had booted before the invoke: the standby primed at start, not a new one.
    const { up } = JSON.parse(Buffer.from(r.Payload ?? []).toString("utf8")) as { up: number };
    expect(up).toBeGreaterThan(1.5);
    const log = Buffer.from(r.LogResult ?? "", "base64").toString("utf8");
    expect(log).toMatch(/Memory Size: 256 MB/);
    // The standby taken for that cold start is replaced.
    await until(async () => (await status()).standbyEnvironments === 2);
  });
});
