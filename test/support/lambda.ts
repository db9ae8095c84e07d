import { engineClientConfig } from "./client-config";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync, type Zippable } from "fflate";
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
} from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { startEngine, type RunningEngine } from "../../lib/engine/engine";

// Node.js 22/24 for nodejsNN.x functions (issue 19): fetched once for every spec, not per data dir.
process.env.LAMBDA_ENGINE_NODE_DIST_DIR ??= path.join(os.tmpdir(), "lambda-console-node-dist");

/** Shared by the Lambda API specs: a real engine on a fresh data dir and an SDK client for it. */
export interface TestEngine {
  engine: RunningEngine;
  lambda: LambdaClient;
  dataDir: string;
  /** Stops the engine, runs `whileStopped` (e.g. to remove a cache), starts it again. */
  restart(whileStopped?: () => void): Promise<void>;
  close(): Promise<void>;
}

export const ROLE = "arn:aws:iam::123456789012:role/lambda-role";

function clientFor(engine: RunningEngine): LambdaClient {
  return new LambdaClient({
    ...engineClientConfig(engine),
  });
}

/** A CloudWatch Logs client on the engine's own key. */
export function logsClientFor(engine: RunningEngine): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    ...engineClientConfig(engine),
  });
}

export async function startTestEngine(
  prefix: string,
  extraEnv: Record<string, string> = {},
): Promise<TestEngine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: dataDir,
    LAMBDA_ENGINE_PORT: "0",
    // Specs that need the local image registry turn it on with LAMBDA_REGISTRY_PORT "0".
    LAMBDA_REGISTRY_PORT: "off",
    ...extraEnv,
  };
  const t: TestEngine = {
    engine: await startEngine(env),
    lambda: undefined as unknown as LambdaClient,
    dataDir,
    async restart(whileStopped) {
      t.lambda.destroy();
      await t.engine.stop();
      whileStopped?.();
      t.engine = await startEngine(env);
      t.lambda = clientFor(t.engine);
    },
    async close() {
      t.lambda.destroy();
      await t.engine.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  t.lambda = clientFor(t.engine);
  return t;
}

/** A zip of the given files; a file given as [content, mode] keeps that Unix mode. */
export function makeZip(files: Record<string, string | Uint8Array | [string, number]>): Uint8Array {
  const z: Zippable = {};
  for (const [name, v] of Object.entries(files)) {
    if (Array.isArray(v)) z[name] = [Buffer.from(v[0]), { os: 3, attrs: (v[1] << 16) >>> 0 }];
    else z[name] = typeof v === "string" ? Buffer.from(v) : v;
  }
  return zipSync(z);
}

export const NODE_HANDLER = makeZip({
  "index.mjs": "export const handler = async (e) => ({ ok: true, e });\n",
});

/**
 * A check that returns the configuration once State and LastUpdateStatus settled and throws
 * before: for `vi.waitFor` (settled.ts's `settled` in specs) or scripts/lib/poll.ts.
 */
export const settledConfiguration =
  (lambda: LambdaClient, name: string, qualifier?: string) =>
  async (): Promise<FunctionConfiguration> => {
    const c = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: qualifier }),
    );
    if (c.State === "Pending" || c.LastUpdateStatus === "InProgress")
      throw new Error(`${name} did not settle: ${c.State} / ${c.LastUpdateStatus}`);
    return c;
  };

export const ARN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** A valid CreateFunction input for a Node.js function, with overrides. */
export const createInput = (
  name: string,
  extra: Partial<CreateFunctionCommandInput> = {},
): CreateFunctionCommandInput => ({
  FunctionName: name,
  Runtime: "nodejs20.x",
  Handler: "index.handler",
  Role: ROLE,
  Code: { ZipFile: NODE_HANDLER },
  ...extra,
});

/** Awaits a request that must fail and returns what a user sees of the error. */
export async function failure(
  p: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error("expected the request to fail");
}
