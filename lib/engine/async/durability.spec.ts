import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
} from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { createInput, makeZip } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { startEngineProcess } from "@/test/support/logs";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-spec-"));
const creds = { accessKeyId: "AKIADURABLESPEC00001", secretAccessKey: "durable-spec-secret-key" };
let child: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

/** `npm run engine` as a child process (the real entry point), on the same port each time. */
async function startChild(port: number): Promise<ChildProcess> {
  const started = await startEngineProcess(dataDir, creds, {
    env: {
      LAMBDA_ENGINE_PORT: String(port),
      LAMBDA_ENGINE_ASYNC_DELAY_SCALE: "0.01",
      // No image registry (the default here): the spec kills this engine with SIGKILL, which
      // would orphan a docker-registry holding its port after the suite.
    },
  });
  return started.process;
}

afterAll(() => {
  child?.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the durable Event queue", () => {
  it("keeps an accepted event across kill -9 of the engine and runs it after the restart", async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const lambda = new LambdaClient({
      endpoint,
      region: "us-east-1",
      credentials: creds,
      maxAttempts: 1,
    });
    const logs = new CloudWatchLogsClient({
      endpoint,
      region: "us-east-1",
      credentials: creds,
      maxAttempts: 1,
    });
    try {
      child = await startChild(port);
      const zip = makeZip({
        "index.mjs":
          'export const handler = async (e) => { console.log("SURVIVED " + e.tag); return 1; };\n',
      });
      await lambda.send(
        new CreateFunctionCommand(createInput("durable", { Code: { ZipFile: zip } })),
      );
      await settled(lambda, "durable");
      // Reserved 0: the event is accepted (202) and kept, but cannot run before the kill.
      await lambda.send(
        new PutFunctionConcurrencyCommand({
          FunctionName: "durable",
          ReservedConcurrentExecutions: 0,
        }),
      );
      const r = await lambda.send(
        new InvokeCommand({
          FunctionName: "durable",
          InvocationType: "Event",
          Payload: Buffer.from('{"tag":"k9"}'),
        }),
      );
      expect(r.StatusCode).toBe(202);
      child.kill("SIGKILL");
      await new Promise((res) => child?.once("exit", res));

      child = await startChild(port);
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: "durable" }));
      const ran = async () => {
        try {
          const ev = await logs.send(
            new FilterLogEventsCommand({
              logGroupName: "/aws/lambda/durable",
              filterPattern: '"SURVIVED k9"',
            }),
          );
          return (ev.events ?? []).filter((e) => e.message?.includes("SURVIVED k9")).length;
        } catch {
          return 0;
        }
      };
      await expect.poll(ran, { timeout: 30_000, interval: 300 }).toBe(1);
    } finally {
      lambda.destroy();
      logs.destroy();
      child?.kill("SIGTERM");
    }
  }, 120_000);
});
