import { engineClientConfig } from "./client-config";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { startEngine, type RunningEngine } from "../../lib/engine/engine";

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
    ...engineClientConfig(engine),
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

/** How startEngineProcess runs the engine; by default the TypeScript sources from the root. */
export interface EngineProcessOptions {
  /** Node.js arguments naming the entry (e.g. the compiled bundle); default: tsx + main.ts. */
  argv?: string[];
  /** Variables over the defaults below (e.g. a fixed LAMBDA_ENGINE_PORT for a restart). */
  env?: Record<string, string | undefined>;
  /** Start from an empty environment instead of the test process's (PATH etc. come in `env`). */
  isolatedEnv?: boolean;
  cwd?: string;
}

/**
 * The engine as a separate process (the real entry point): for specs about a blocked event loop
 * (in-process, a frozen loop would also stop the test's own timers, so the test could only hang),
 * a kill -9, or the compiled bundle. Resolves once it listens and says it is ready.
 */
export async function startEngineProcess(
  dataDir: string,
  creds: { accessKeyId: string; secretAccessKey: string },
  opts: EngineProcessOptions = {},
): Promise<{ process: ChildProcess; endpoint: string }> {
  const p = spawn(process.execPath, opts.argv ?? ["--import", "tsx", "lib/engine/main.ts"], {
    cwd: opts.cwd,
    env: {
      ...(opts.isolatedEnv ? {} : process.env),
      NODE_ENV: "test",
      LAMBDA_CONSOLE_DATA_DIR: dataDir,
      LAMBDA_ENGINE_PORT: "0",
      LAMBDA_REGISTRY_PORT: "off",
      LAMBDA_ENGINE_ACCESS_KEY_ID: creds.accessKeyId,
      LAMBDA_ENGINE_SECRET_ACCESS_KEY: creds.secretAccessKey,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const endpoint = await new Promise<string>((resolve, reject) => {
    p.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && out.includes("[engine] ready")) resolve(url);
    });
    p.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    p.on("exit", (code) => reject(new Error(`engine exited (${code}):\n${out}`)));
  });
  return { process: p, endpoint };
}

/** SIGTERM, and SIGKILL if the engine cannot take it (a frozen event loop cannot). */
export async function stopEngineProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
  p.kill("SIGTERM");
  const timer = setTimeout(() => p.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * startLogsHarness with the engine as a separate process (startEngineProcess): for the Logs specs
 * about a blocked event loop. The client signs with `creds`, the keys the engine is started with.
 */
export async function startLogsEngineProcess(
  name: string,
  creds: { accessKeyId: string; secretAccessKey: string },
): Promise<{ logs: CloudWatchLogsClient; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const started = await startEngineProcess(dataDir, creds).catch((err: unknown) => {
    removeDataDir();
    throw err;
  });
  const logs = new CloudWatchLogsClient({
    endpoint: started.endpoint,
    region: "us-east-1",
    credentials: creds,
    maxAttempts: 1,
    disableHostPrefix: true,
  });
  return {
    logs,
    async stop() {
      logs.destroy();
      await stopEngineProcess(started.process);
      removeDataDir();
    },
  };
}

/** The call must settle within `ms`: resolves with its value or its error, fails the test if late. */
export async function settleWithin<T>(
  ms: number,
  what: string,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<{ value?: T; error?: Error }> {
  const signal = AbortSignal.timeout(ms);
  try {
    return { value: await call(signal) };
  } catch (err) {
    if (signal.aborted) throw new Error(`${what} did not answer within ${ms} ms`);
    return { error: err as Error };
  }
}

export interface Sampled {
  latencies: number[];
  errors: Error[];
  /**
   * For each call that answered: how far `progress` moved between its start and its answer (e.g.
   * how many pages of a concurrent scan came back meanwhile). Ordering, not wall-clock time.
   */
  overtakenBy: number[];
}

/**
 * Starts `call` every `everyMs` (not waiting for the last one) and times each until stopped;
 * `progress` (a counter the test moves) is read when each call starts and when it answers.
 */
export function sampleLatency(
  everyMs: number,
  call: () => Promise<unknown>,
  progress: () => number = () => 0,
): { stop(): Promise<Sampled> } {
  const calls: Promise<{ ms: number; overtakenBy: number } | Error>[] = [];
  const timer = setInterval(() => {
    const t = performance.now();
    const from = progress();
    calls.push(
      call().then(
        () => ({ ms: performance.now() - t, overtakenBy: progress() - from }),
        (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
      ),
    );
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      const results = await Promise.all(calls);
      const answered = results.filter(
        (x): x is { ms: number; overtakenBy: number } => !(x instanceof Error),
      );
      return {
        latencies: answered.map((x) => x.ms),
        overtakenBy: answered.map((x) => x.overtakenBy),
        errors: results.filter((x): x is Error => x instanceof Error),
      };
    },
  };
}
