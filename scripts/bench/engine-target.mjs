// Starts the local engine as its own process for benchmarks, with a data dir that already holds the
// benchmark's functions (created once through the SDK), so a start measures the engine, not setup.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { zipSync } from "fflate";
import {
  CreateFunctionCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";

import { compiledEngine } from "../lib/build-engine.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function portOpen(port) {
  return new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1");
    c.once("connect", () => (c.destroy(), resolve(true)));
    c.once("error", () => resolve(false));
  });
}

/**
 * @param {{ credentials: { accessKeyId: string, secretAccessKey: string }, handlerFile: string,
 *   functions: { name: string, handler: string, timeout?: number }[], env?: Record<string,string>,
 *   main?: string }} opts (no functions: nothing is seeded, and handlerFile is not read)
 * @returns a start() for bench suites: () => Promise<{ pid, port, fnName, bootMs, stop, endpoint }>,
 *   with its data dir as start.dataDir
 */
export function engineTarget(opts) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-bench-"));
  let seeded = false;
  const start = async () => {
    // What `npm start` runs: the compiled engine (built before the clock starts), or another build
    // (opts.main, or BENCH_ENGINE_MAIN: e.g. a copy of .engine-dist from before a change).
    const other = opts.main ?? process.env.BENCH_ENGINE_MAIN;
    const main = other ? path.resolve(ROOT, other) : await compiledEngine();
    const port = await freePort();
    const a = performance.now();
    // BENCH_ENGINE_NODE_ARGS: extra node flags for the engine (e.g. --cpu-prof --cpu-prof-dir=…).
    const extra = process.env.BENCH_ENGINE_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    const child = spawn(process.execPath, ["--no-deprecation", ...extra, main], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LAMBDA_CONSOLE_DATA_DIR: dataDir,
        LAMBDA_ENGINE_PORT: String(port),
        LAMBDA_ENGINE_ACCESS_KEY_ID: opts.credentials.accessKeyId,
        LAMBDA_ENGINE_SECRET_ACCESS_KEY: opts.credentials.secretAccessKey,
        ...opts.env,
      },
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    let exited = null;
    child.once("exit", (c, s) => (exited = `${c ?? s}`));
    while (!(await portOpen(port))) {
      if (exited !== null) throw new Error(`engine exited (${exited}): ${stderr}`);
      if (performance.now() - a > 60_000) throw new Error("engine did not listen within 60 s");
      await new Promise((r) => setTimeout(r, 5));
    }
    const bootMs = performance.now() - a;
    const endpoint = `http://127.0.0.1:${port}`;
    if (!seeded && opts.functions.length > 0) {
      await seedFunctions(endpoint, opts);
      seeded = true;
    }
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, 5000);
      await done;
      clearTimeout(t);
    };
    return { pid: child.pid, port, endpoint, fnName: (f) => f, bootMs, stop };
  };
  start.dataDir = dataDir;
  start.cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
  return start;
}

async function seedFunctions(endpoint, opts) {
  const client = new LambdaClient({
    endpoint,
    region: "us-east-1",
    credentials: opts.credentials,
    maxAttempts: 1,
  });
  const zip = zipSync({ [path.basename(opts.handlerFile)]: fs.readFileSync(opts.handlerFile) });
  for (const f of opts.functions) {
    await client.send(
      new CreateFunctionCommand({
        FunctionName: f.name,
        Runtime: "nodejs20.x",
        Handler: f.handler,
        Role: "arn:aws:iam::000000000000:role/bench",
        Timeout: f.timeout ?? 30,
        Code: { ZipFile: zip },
      }),
    );
    await waitUntilFunctionActiveV2({ client, maxWaitTime: 60 }, { FunctionName: f.name });
  }
  client.destroy();
}
