import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { startEngine, type RunningEngine } from "../../engine";

/** Shared setup for the Logs specs: a real engine on a fresh data dir and an SDK client for it. */
export interface LogsHarness {
  engine: RunningEngine;
  logs: CloudWatchLogsClient;
  stop(): Promise<void>;
}

export async function startLogsHarness(name: string): Promise<LogsHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const engine = await startEngine({
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: dataDir,
    LAMBDA_ENGINE_PORT: "0",
    LAMBDA_REGISTRY_PORT: "off",
  });
  const logs = new CloudWatchLogsClient({
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: engine.ctx.config.accessKeyId,
      secretAccessKey: engine.ctx.config.secretAccessKey,
    },
    maxAttempts: 1,
    // StartLiveTail prefixes the host with "stream-"; a local endpoint has no such host.
    disableHostPrefix: true,
  });
  return {
    engine,
    logs,
    async stop() {
      logs.destroy();
      await engine.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The error a call rejects with (fails the test when it resolves). */
export async function rejection(
  p: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}
