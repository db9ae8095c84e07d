// Floor (b), the warm path's process hop: the node:http echo of floor-server.mjs, except that each
// invoke's answer comes from a second Node.js process (floor-hop-runtime.mjs) holding the handler.
// `rapi`: the runtime long-polls GET /2018-06-01/runtime/invocation/next and posts each result to
// .../response, node:http on both sides, as every Lambda runtime speaks to its host. `raw`: one kept
// unix socket carrying a line each way, the least a hop between two processes can cost.
// argv[2] = rapi | raw. Prints the invoke port once the runtime is connected.
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const mode = process.argv[2];
const RUNTIME = path.join(path.dirname(fileURLToPath(import.meta.url)), "floor-hop-runtime.mjs");
const callers = new Map(); // request id → the caller's response
const queue = []; // [id, body] not yet taken by the runtime
let polling; // the runtime's pending GET next (rapi)
let pipe; // the runtime's socket (raw)
let seq = 0;

const answer = (res, body) => {
  res.writeHead(200, {
    "content-type": "application/json",
    "content-length": body.length,
    "x-amz-executed-version": "$LATEST",
  });
  res.end(body);
};
const deliver = (res, id, body) => {
  res.writeHead(200, { "lambda-runtime-aws-request-id": id, "content-length": body.length });
  res.end(body);
};

const srv = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const url = req.url ?? "";
    if (url.endsWith("/invocations")) {
      const id = String(++seq);
      callers.set(id, res);
      if (pipe) return void pipe.write(`${id} ${body.toString().replace(/\n/g, " ")}\n`);
      if (!polling) return void queue.push([id, body]);
      const p = polling;
      polling = undefined;
      return deliver(p, id, body);
    }
    if (url.endsWith("/invocation/next")) {
      const q = queue.shift();
      if (q) deliver(res, q[0], q[1]);
      else polling = res;
      return;
    }
    if (url.endsWith("/response")) {
      const id = url.split("/")[4] ?? "";
      res.writeHead(202, { "content-length": 2 });
      res.end("{}");
      const caller = callers.get(id);
      callers.delete(id);
      if (caller) answer(caller, body);
      return;
    }
    res.writeHead(404, { "content-length": 0 });
    res.end();
  });
});
srv.keepAliveTimeout = 60_000;

const ready = () =>
  srv.listen(0, "127.0.0.1", () => process.stdout.write(`${srv.address().port}\n`));

if (mode === "raw") {
  const sock = path.join(os.tmpdir(), `floor-hop-${process.pid}.sock`);
  const ipc = net.createServer((c) => {
    pipe = c;
    let buf = "";
    c.setEncoding("utf8");
    c.on("data", (d) => {
      buf += d;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const space = line.indexOf(" ");
        const caller = callers.get(line.slice(0, space));
        callers.delete(line.slice(0, space));
        if (caller) answer(caller, Buffer.from(line.slice(space + 1)));
      }
    });
    ready();
  });
  ipc.listen(sock, () => spawn(process.execPath, [RUNTIME, "raw", sock], { stdio: "inherit" }));
  process.on("exit", () => ipc.close());
} else {
  srv.listen(0, "127.0.0.1", () => {
    const api = `127.0.0.1:${srv.address().port}`;
    spawn(process.execPath, [RUNTIME, "rapi", api], { stdio: "inherit" });
    process.stdout.write(`${srv.address().port}\n`);
  });
}
