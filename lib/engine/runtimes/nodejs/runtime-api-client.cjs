"use strict";
// The Runtime API client aws-lambda-ric uses once an environment is hot (ric-bundle.ts swaps it in
// for ric's native one, rapid-client.node, after 100 invokes): the same three calls, the same
// requests and the same results, with the socket read and written on the main thread. The native
// client hands every /next to a thread-pool thread (libcurl) that wakes the main thread when it
// returns, and writes a result's head and body in two writes: per invoke two more thread wake-ups
// in the runtime process and one more read in the engine (issue 18).
//
// As the native client (aws-lambda-cpp 0.2.6 under node-addon-api):
// - next() resolves { bodyJson, headers } with the invoke's id, deadline (a number), trace id and
//   function ARN, and the client context, Cognito identity and tenant id when present; it rejects
//   with "Failed to get next invocation, error <HTTP status, or -1 when no answer came>".
// - done(id, body) and error(id, body, xrayCause) POST the result with the native client's headers
//   and return null; how the Runtime API answers is not the caller's concern (the native client
//   drops it too). They return at once, the request written.
// Unlike the native client, which waits for each answer before its next request, every request is
// written when it is made, on one kept-alive connection (HTTP/1.1 pipelining; answers come in
// order): the /next that follows a result goes out right behind it, and the engine, which then
// holds the result's 202 to send with that poll's answer, reads both at once (one wake-up and one
// write fewer per invoke on each side: runtime-api-server.ts).
const net = require("node:net");

const USER_AGENT = "AWS_Lambda_Cpp/0.2.6";
const endpoint = process.env.AWS_LAMBDA_RUNTIME_API ?? "";
const colon = endpoint.lastIndexOf(":");
const host = endpoint.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
const port = Number(endpoint.slice(colon + 1));
const REQUEST_NOT_MADE = -1;
const HEAD_END = Buffer.from("\r\n\r\n");

/** Requests written and not answered yet, oldest first (answers come in this order). */
let inFlight = [];
let socket;
/** Bytes of an answer not whole yet (the read buffer below is reused by every read). */
let parts = [];
let have = 0;
/** What the answer being read needs in all, once its head is read (0: not known yet). */
let need = 0;
const readBuffer = Buffer.allocUnsafe(64 * 1024);

// Reads land in one buffer and come here directly (net's `onread`), not through a stream's
// events: less code to run per answer, and less for V8 to optimise once it is hot.
function onRead(n, buf) {
  const chunk = buf.subarray(0, n);
  if (parts.length === 0) {
    consume(chunk, true);
    return;
  }
  parts.push(Buffer.from(chunk));
  have += n;
  if (have < need) return;
  const b = Buffer.concat(parts, have);
  parts = [];
  have = 0;
  consume(b, false);
}

/** Answers what `b` holds; keeps the rest (a copy when `b` is the read buffer's). */
function consume(b, borrowed) {
  need = 0;
  while (inFlight.length > 0) {
    const used = answer(b);
    if (used <= 0) {
      need = -used;
      break;
    }
    b = b.subarray(used);
  }
  if (b.length > 0) {
    parts = [borrowed ? Buffer.from(b) : b];
    have = b.length;
  }
}

function connection() {
  if (socket && !socket.destroyed) return socket;
  const s = net.connect({
    host,
    port,
    noDelay: true,
    onread: { buffer: readBuffer, callback: onRead },
  });
  s.on("error", () => {});
  s.on("close", () => {
    if (socket === s) socket = undefined;
    parts = [];
    have = 0;
    // The oldest request written and not answered fails (-1); the ones written after it go again
    // on a new connection. (libcurl would send it once more when a kept connection dies before any
    // answer; the engine's Runtime API never closes a runtime's connection: runtime-api-server.ts,
    // keepAliveTimeout 0.)
    const [first, ...rest] = inFlight;
    inFlight = [];
    first?.done(REQUEST_NOT_MADE);
    for (const r of rest) send(r.request, r.done);
  });
  socket = s;
  return s;
}

/** Writes a request at once, behind any not answered yet (pipelined: the engine answers in order). */
function send(request, done) {
  inFlight.push({ request, done });
  const s = connection();
  s.ref();
  s.write(request);
}

/**
 * Answers the request in flight if `b` starts with its whole answer: the bytes used; otherwise 0,
 * or minus the bytes the answer needs in all when its head says.
 */
function answer(b) {
  const end = b.indexOf(HEAD_END);
  if (end < 0) return 0;
  const head = b.toString("latin1", 0, end);
  const headers = headerMap(head);
  const start = end + 4;
  let body;
  let used;
  if ((headers.get("transfer-encoding") ?? "").toLowerCase() === "chunked") {
    const chunked = dechunk(b, start);
    if (!chunked) return 0;
    ({ body, used } = chunked);
  } else {
    used = start + Number(headers.get("content-length") ?? 0);
    if (b.length < used) return -used;
    body = b.subarray(start, used);
  }
  const r = inFlight.shift();
  if (inFlight.length === 0) socket?.unref();
  r.done(Number(head.slice(9, 12)), headers, body);
  return used;
}

/**
 * The header lines as libcurl hands them to aws-lambda-cpp: the name lower-cased, both sides
 * trimmed, the first of a repeated name the one read.
 */
function headerMap(head) {
  const headers = new Map();
  for (let at = head.indexOf("\r\n"); at >= 0;) {
    const eol = head.indexOf("\r\n", at + 2);
    const line = head.slice(at + 2, eol < 0 ? head.length : eol);
    const c = line.indexOf(":");
    if (c > 0) {
      const name = line.slice(0, c).trim().toLowerCase();
      if (!headers.has(name)) headers.set(name, line.slice(c + 1).trim());
    }
    at = eol;
  }
  return headers;
}

/** A chunked body from `start`, or undefined until it is whole. */
function dechunk(b, start) {
  const parts = [];
  for (let at = start; ;) {
    const eol = b.indexOf("\r\n", at);
    if (eol < 0) return undefined;
    const size = parseInt(b.toString("latin1", at, eol), 16);
    if (size === 0) {
      const end = b.indexOf(HEAD_END, eol);
      return end < 0 ? undefined : { body: Buffer.concat(parts), used: end + 4 };
    }
    if (!(size > 0) || b.length < eol + 2 + size + 2) return undefined;
    parts.push(b.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

const ok = (status) => status >= 200 && status <= 299;
/** strtoul's reading of a deadline: its leading digits, 0 when there are none. */
const milliseconds = (v) => Number(/^\s*\+?(\d+)/.exec(v)?.[1] ?? 0);
const NEXT = `GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ${endpoint}\r\nAccept: */*\r\nUser-Agent: ${USER_AGENT}\r\n\r\n`;
const OPTIONAL = [
  "lambda-runtime-client-context",
  "lambda-runtime-cognito-identity",
  "lambda-runtime-aws-tenant-id",
];

function next() {
  return new Promise((resolve, reject) => {
    send(NEXT, (status, h, body) => {
      const id = h?.get("lambda-runtime-aws-request-id");
      if (!ok(status) || id === undefined) {
        const code = ok(status) ? REQUEST_NOT_MADE : status;
        reject(new Error(`Failed to get next invocation, error ${code}`));
        return;
      }
      const headers = {
        "lambda-runtime-deadline-ms": milliseconds(h.get("lambda-runtime-deadline-ms") ?? ""),
        "lambda-runtime-aws-request-id": id,
        "lambda-runtime-trace-id": h.get("lambda-runtime-trace-id") ?? "",
        "lambda-runtime-invoked-function-arn": h.get("lambda-runtime-invoked-function-arn") ?? "",
      };
      for (const name of OPTIONAL) {
        const v = h.get(name);
        if (v) headers[name] = v;
      }
      // The native client hands over the body as a C string: up to its first NUL byte.
      const nul = body.indexOf(0);
      resolve({ bodyJson: body.toString("utf8", 0, nul < 0 ? body.length : nul), headers });
    });
  });
}

function post(path, body, xrayCause) {
  send(
    `POST ${path} HTTP/1.1\r\nHost: ${endpoint}\r\nAccept: */*\r\ncontent-type: application/json\r\n` +
      `lambda-runtime-function-xray-error-cause: ${xrayCause}\r\nUser-Agent: ${USER_AGENT}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => {},
  );
  return null;
}

/** The native client's argument checks: its messages, in its order. */
function check(args, n) {
  if (args.length < n) throw new TypeError(`Wrong number of arguments, expected ${n}`);
  for (let i = 0; i < n; i++)
    if (typeof args[i] !== "string") throw new TypeError("Wrong arguments");
}

module.exports = {
  next,
  done(...args) {
    check(args, 2);
    return post(`/2018-06-01/runtime/invocation/${args[0]}/response`, args[1], "");
  },
  error(...args) {
    check(args, 3);
    return post(`/2018-06-01/runtime/invocation/${args[0]}/error`, args[1], args[2]);
  },
};
