// Floor for a Node cold start: a bare node process start, and AWS's runtime client (aws-lambda-ric)
// spawned unsandboxed against a minimal Runtime API: spawn → GET next → POST response.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

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
