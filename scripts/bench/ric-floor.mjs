// Floor for a Node cold start: a bare node process start, and AWS's runtime client (aws-lambda-ric)
// spawned unsandboxed against a minimal Runtime API: spawn → GET next → POST response.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import {
  cpuMs as cpuMsOfTree,
  processPssMb,
  processRssMb,
  rssMb as rssMbOfTree,
  tree,
} from "./peer/process-tree.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

/**
 * The flags Lambda starts a 128 MB Node.js runtime with (lambdaNodeFlags(128) in
 * lib/engine/runtimes/index.ts; bench-flags.test.ts there keeps this copy equal). Each of the
 * three V8 flags voids Node's embedded code cache (cold-cpu.mjs): a floor run with them shows what
 * Lambda's own command line costs.
 */
export const LAMBDA_NODE_FLAGS_128 = [
  "--expose-gc",
  "--max-http-header-size",
  "81920",
  "--max-semi-space-size=6",
  "--max-old-space-size=116",
];

export function bareNodeStart(n = 20) {
  const run = () => {
    const a = performance.now();
    spawnSync(process.execPath, ["-e", "0"]);
    return performance.now() - a;
  };
  run();
  return median(Array.from({ length: n }, run));
}

function ricOnce(taskDir) {
  return new Promise((resolve, reject) => {
    let child;
    let served = false;
    const t0 = performance.now();
    const srv = http.createServer((req, res) => {
      if (req.url?.endsWith("/invocation/next")) {
        if (served) return; // park the second long poll
        served = true;
        res.writeHead(200, {
          "lambda-runtime-aws-request-id": "r1",
          "lambda-runtime-deadline-ms": String(Date.now() + 30_000),
          "lambda-runtime-invoked-function-arn": "arn:aws:lambda:us-east-1:000000000000:function:f",
          "content-type": "application/json",
        });
        res.end("{}");
        return;
      }
      req.resume();
      req.on("end", () => {
        const ms = performance.now() - t0;
        res.writeHead(202).end();
        child.kill("SIGKILL");
        srv.closeAllConnections();
        srv.close();
        resolve(ms);
      });
    });
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      child = spawn(
        process.execPath,
        [path.join(ROOT, "node_modules/aws-lambda-ric/index.mjs"), "handler.hello"],
        {
          stdio: "ignore",
          env: {
            PATH: "/usr/local/bin:/usr/bin:/bin",
            AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
            _HANDLER: "handler.hello",
            LAMBDA_TASK_ROOT: taskDir,
            AWS_LAMBDA_FUNCTION_NAME: "f",
            AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
            AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/f",
            AWS_LAMBDA_LOG_STREAM_NAME: "s",
          },
        },
      );
      child.once("exit", (c) => served || reject(new Error(`ric exited ${c}`)));
    });
  });
}

/** Median spawn → response of aws-lambda-ric running the given handler file (exports hello). */
export async function ricColdFloor(handlerFile, n = 10) {
  const task = fs.mkdtempSync(path.join(os.tmpdir(), "ric-floor-"));
  fs.copyFileSync(handlerFile, path.join(task, "handler.mjs"));
  try {
    await ricOnce(task);
    const s = [];
    for (let i = 0; i < n; i++) s.push(await ricOnce(task));
    return median(s);
  } finally {
    fs.rmSync(task, { recursive: true, force: true });
  }
}

/**
 * The floor for process isolation (issue 18): `n` bare aws-lambda-ric processes started at once,
 * each inside bubblewrap (own user, pid, ipc and uts namespaces; /usr, the runtime client and the
 * task read-only; private /proc, /dev, /tmp), each answering one invoke of the 100 ms `sleep`
 * handler over the host's loopback (no network namespace: wiring one is the engine's own cost).
 * Returns the wall time from the first spawn to the n-th response, how many overlapped, the
 * memory floor: each process tree's RSS once it has answered (median and sum), and the CPU the
 * n process trees used (cpuMs). nodeFlags: options for node before the runtime client (e.g.
 * LAMBDA_NODE_FLAGS_128, the command line Lambda and the engine use; bare by default).
 */
export async function ricBurstFloor(handlerFile, n = 50, { nodeFlags = [] } = {}) {
  const task = fs.mkdtempSync(path.join(os.tmpdir(), "ric-burst-"));
  fs.copyFileSync(handlerFile, path.join(task, "handler.mjs"));
  const children = [];
  let served = 0;
  const results = [];
  let done;
  const all = new Promise((r) => (done = r));
  const srv = http.createServer((req, res) => {
    if (req.url?.endsWith("/invocation/next")) {
      if (served >= n) return; // park every second long poll
      served++;
      res.writeHead(200, {
        "lambda-runtime-aws-request-id": `r${served}`,
        "lambda-runtime-deadline-ms": String(Date.now() + 30_000),
        "lambda-runtime-invoked-function-arn": "arn:aws:lambda:us-east-1:000000000000:function:f",
        "content-type": "application/json",
      });
      res.end("{}");
      return;
    }
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(202).end();
      results.push(JSON.parse(Buffer.concat(chunks).toString()));
      if (results.length === n) done(performance.now());
    });
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  const modules = path.join(ROOT, "node_modules");
  const args = [
    ...["--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin"],
    ...["--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64"],
    ...["--ro-bind", process.execPath, process.execPath],
    ...["--ro-bind", modules, "/var/runtime/node_modules", "--ro-bind", task, "/var/task"],
    ...["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"],
    ...["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-user"],
    ...["--uid", "993", "--gid", "990", "--cap-drop", "ALL", "--die-with-parent"],
    ...["--new-session", "--chdir", "/var/task", "--clearenv"],
    ...Object.entries({
      PATH: "/usr/local/bin:/usr/bin:/bin",
      AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
      _HANDLER: "handler.sleep",
      LAMBDA_TASK_ROOT: "/var/task",
      AWS_LAMBDA_FUNCTION_NAME: "f",
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
      AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/f",
      AWS_LAMBDA_LOG_STREAM_NAME: "s",
    }).flatMap(([k, v]) => ["--setenv", k, v]),
    "--",
    process.execPath,
    ...nodeFlags,
    "/var/runtime/node_modules/aws-lambda-ric/index.mjs",
    "handler.sleep",
  ];
  const t0 = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      const child = spawn("bwrap", args, { stdio: "ignore" });
      child.once("exit", (c) => {
        if (results.length < n) done(new Error(`ric in bwrap exited ${c} before answering`));
      });
      children.push(child);
    }
    const end = await Promise.race([
      all,
      new Promise((r) => setTimeout(() => r(new Error("ric burst: no answers in 60 s")), 60_000)),
    ]);
    if (end instanceof Error) throw end;
    const rss = children.map((c) => rssMbOfTree(c.pid)).sort((a, b) => a - b);
    // The runtime process alone, without the bubblewrap processes above it (the tree's leaf).
    const runtimes = children.map((c) => tree(c.pid).at(-1));
    const runtimeRss = runtimes.map(processRssMb).sort((a, b) => a - b);
    const runtimePss = runtimes.map(processPssMb).sort((a, b) => a - b);
    const cpuMs = children.reduce((sum, c) => sum + cpuMsOfTree(c.pid), 0);
    const ev = results.flatMap((r) => [
      [r.t0, 1],
      [r.t1, -1],
    ]);
    ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let cur = 0,
      overlapped = 0;
    for (const [, d] of ev) overlapped = Math.max(overlapped, (cur += d));
    return {
      wallMs: end - t0,
      overlapped,
      rssMedianMb: rss[Math.floor(n / 2)],
      runtimeRssMedianMb: runtimeRss[Math.floor(n / 2)],
      runtimePssMedianMb: runtimePss[Math.floor(n / 2)],
      rssSumMb: rss.reduce((a, b) => a + b, 0),
      cpuMs,
    };
  } finally {
    for (const c of children) c.kill("SIGKILL");
    srv.closeAllConnections();
    srv.close();
    fs.rmSync(task, { recursive: true, force: true });
  }
}
