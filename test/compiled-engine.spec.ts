// Issue 18: `npm start` runs the engine compiled to one ES module (.engine-dist/main.mjs). The
// compiled engine must behave as the sources do, including the files it runs beside its sources
// (the Node.js runtime client bundle and standby, the Python bootstrap, the spawn helper).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { makeZip, ROLE } from "./support/lambda";
import { settled } from "./support/settled";
import { startEngineProcess, stopEngineProcess } from "./support/logs";

const ROOT = path.resolve(import.meta.dirname, "..");
const creds = {
  accessKeyId: "AKIACOMPILEDENGINE01",
  secretAccessKey: "compiled-engine-spec-secret",
};

let engine: ChildProcess;
let lambda: LambdaClient;
let dataDir: string;

beforeAll(async () => {
  const build = (await import(path.join(ROOT, "scripts/lib/build-engine.mjs"))) as {
    buildEngine(): Promise<string>;
  };
  const main = await build.buildEngine();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "compiled-engine-"));
  let endpoint: string;
  ({ process: engine, endpoint } = await startEngineProcess(dataDir, creds, {
    argv: [main],
    cwd: os.tmpdir(), // nothing may depend on being started from the project root
    isolatedEnv: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LAMBDA_ENGINE_URL_PORT: "0",
      // On another Node.js (scripts/with-node.ts): its better-sqlite3 build, through the ABI hook.
      ...(process.env.LAMBDA_CONSOLE_BETTER_SQLITE3
        ? {
            NODE_OPTIONS: process.env.NODE_OPTIONS,
            LAMBDA_CONSOLE_BETTER_SQLITE3: process.env.LAMBDA_CONSOLE_BETTER_SQLITE3,
          }
        : {}),
    },
  }));
  lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: creds, maxAttempts: 1 });
});

afterAll(async () => {
  lambda?.destroy();
  if (engine) await stopEngineProcess(engine);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function invoke(name: string, payload: unknown) {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(payload) }),
  );
  return {
    status: out.StatusCode,
    error: out.FunctionError,
    body: JSON.parse(Buffer.from(out.Payload ?? []).toString() || "null"),
  };
}

describe("the compiled engine", () => {
  it("runs a Node.js function in its sandbox", async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "node-fn",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: ROLE,
        Code: {
          ZipFile: makeZip({
            "index.mjs":
              "export const handler = async (e) => ({ got: e, fn: process.env.AWS_LAMBDA_FUNCTION_NAME });\n",
          }),
        },
      }),
    );
    await settled(lambda, "node-fn");
    expect(await invoke("node-fn", { a: 1 })).toEqual({
      status: 200,
      error: undefined,
      body: { got: { a: 1 }, fn: "node-fn" },
    });
  });

  it("runs a Python function in its sandbox", async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "py-fn",
        Runtime: "python3.11",
        Handler: "app.handler",
        Role: ROLE,
        Code: {
          ZipFile: makeZip({
            "app.py":
              "import os\ndef handler(e, c):\n    return {'got': e, 'fn': c.function_name}\n",
          }),
        },
      }),
    );
    await settled(lambda, "py-fn");
    expect(await invoke("py-fn", { b: 2 })).toEqual({
      status: 200,
      error: undefined,
      body: { got: { b: 2 }, fn: "py-fn" },
    });
  });
});
