// The drain bench's floor: a plain node:http server in its own process that answers Lambda's Invoke
// wire shape with the same admission rule as the engine (at most `reserved` in flight, else 429
// TooManyRequestsException with its Reason), sleeping in-process instead of running a function.
// The same clients drain against it in the same run, so client-side cost and machine load show up
// in both figures and the engine's share is the difference.
import { spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";

function serve(reserved) {
  let inFlight = 0;
  const reply = (res, status, headers, obj) => {
    const b = JSON.stringify(obj);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(b),
      ...headers,
    });
    res.end(b);
  };
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (!req.url?.endsWith("/invocations")) return reply(res, 200, {}, {});
      if (inFlight >= reserved)
        return reply(
          res,
          429,
          { "x-amzn-errortype": "TooManyRequestsException", "retry-after": "1" },
          {
            message: "Rate Exceeded.",
            Reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
            Type: "User",
          },
        );
      inFlight++;
      const { sleep = 0 } = JSON.parse(Buffer.concat(chunks).toString() || "{}");
      const start = Date.now();
      setTimeout(() => {
        inFlight--;
        reply(res, 200, { "x-amz-executed-version": "$LATEST" }, { start, end: Date.now() });
      }, sleep);
    });
  });
  srv.keepAliveTimeout = 60_000;
  // The engine's accept backlog, so neither side drops the burst's connections.
  srv.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () =>
    process.stdout.write(`${srv.address().port}\n`),
  );
}

/** Starts the floor server as a child process; resolves with its endpoint and a stop(). */
export async function startDrainFloor(reserved) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(reserved)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (c) => reject(new Error(`drain floor exited (${c})`)));
  });
  return {
    pid: child.pid,
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) serve(Number(process.argv[2] ?? 50));
