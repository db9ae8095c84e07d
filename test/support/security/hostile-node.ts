/**
 * Hostile Node.js functions (index.mjs sources). Each one tries one thing a tenant's code could
 * try on a shared engine and reports exactly what it got, so a failing spec shows the attack.
 */

/** Echoes what its own process sees of its variables, and whether LD_PRELOAD ran inside. */
export const NODE_ENV_REPORT = `import fs from "node:fs";
export const handler = async () => ({
  canary: process.env.LAMBDA_CANARY ?? null,
  ldPreload: process.env.LD_PRELOAD ?? null,
  ldLibraryPath: process.env.LD_LIBRARY_PATH ?? null,
  // Written by the preload library's constructor when it runs inside the sandbox.
  preloadedInside: fs.existsSync("/tmp/lc-preloaded"),
});
`;

/** A function holding a secret; logs it (as real functions log what they should not) and echoes. */
export const NODE_VICTIM = `export const handler = async (event) => {
  console.log("victim secret", process.env.VICTIM_SECRET);
  if (event && event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  return { victim: process.env.AWS_LAMBDA_FUNCTION_NAME, id: event?.id ?? null };
};
`;

/**
 * Uses the function's own credentials (AWS_* variables, AWS_ENDPOINT_URL; no explicit client
 * config) against another function. Answers { ok, out } or { ok: false, name, status, message }.
 */
export const NODE_CREDENTIALS_ATTACKER = `import {
  LambdaClient, GetFunctionCommand, GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand, PutFunctionConcurrencyCommand, InvokeCommand,
} from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand, FilterLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";

const lambda = new LambdaClient({ maxAttempts: 1 });
const logs = new CloudWatchLogsClient({ maxAttempts: 1 });

const ops = {
  getFunction: (e) => lambda.send(new GetFunctionCommand({ FunctionName: e.victim })),
  getFunctionConfiguration: (e) =>
    lambda.send(new GetFunctionConfigurationCommand({ FunctionName: e.victim })),
  updateFunctionConfiguration: (e) =>
    lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: e.victim, Description: e.description })),
  putFunctionConcurrency: (e) =>
    lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: e.victim, ReservedConcurrentExecutions: 0 })),
  invoke: async (e) => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: e.victim, Payload: Buffer.from(JSON.stringify(e.payload)) }),
    );
    return { StatusCode: out.StatusCode, FunctionError: out.FunctionError,
      Payload: Buffer.from(out.Payload ?? []).toString("utf8") };
  },
  writeOwnLogs: async (e) => {
    const logGroupName = process.env.AWS_LAMBDA_LOG_GROUP_NAME;
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: e.stream }));
    await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: e.stream,
      logEvents: [{ timestamp: Date.now(), message: e.message }] }));
    return { logGroupName };
  },
  readVictimLogs: (e) =>
    logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/" + e.victim })),
};

export const handler = async (event) => {
  try {
    const out = await ops[event.op](event);
    return { ok: true, out: JSON.parse(JSON.stringify(out, (k, v) => (k === "$metadata" ? undefined : v))) };
  } catch (err) {
    return { ok: false, name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
};
`;

/**
 * Tries to take other environments' invocations: reads /proc/net/tcp{,6}, and on every loopback
 * LISTEN port (plus event.extraPorts, minus event.skipPorts and its own Runtime API) keeps a
 * fresh GET /invocation/next open, renewed every 100 ms, for event.durationMs. An event that
 * arrives is answered with a forged response, as a real attacker would.
 */
export const NODE_HIJACKER = `import fs from "node:fs";
import http from "node:http";

const NEXT = "/2018-06-01/runtime/invocation/next";

function loopback(addr) {
  if (addr.length === 8) return addr.endsWith("7F") || addr === "00000000";
  return /^0{32}$/.test(addr) || addr === "00000000000000000000000001000000" ||
    (addr.startsWith("0000000000000000FFFF0000") && addr.endsWith("7F"));
}

function listening() {
  const ports = new Set();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try { text = fs.readFileSync(file, "utf8"); } catch { continue; }
    for (const line of text.split("\\n").slice(1)) {
      const cols = line.trim().split(/\\s+/);
      const [addr = "", port = ""] = (cols[1] ?? "").split(":");
      if (cols[3] === "0A" && loopback(addr)) ports.add(parseInt(port, 16));
    }
  }
  return ports;
}

function request(port, method, path, body, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", () => resolve({ kind: "error", code: "reset" }));
      res.on("end", () => resolve({ kind: "answer", status: res.statusCode,
        requestId: res.headers["lambda-runtime-aws-request-id"],
        body: Buffer.concat(chunks).toString("utf8").slice(0, 300) }));
    });
    req.on("timeout", () => { req.destroy(); resolve({ kind: "parked" }); });
    req.on("error", (e) => resolve({ kind: "error", code: e.code ?? e.message }));
    req.end(body);
  });
}

export const handler = async (event) => {
  const own = /^127\\.0\\.0\\.1:(\\d+)$/.exec(process.env.AWS_LAMBDA_RUNTIME_API ?? "")?.[1];
  const skip = new Set([...(event.skipPorts ?? []), Number(own)]);
  const deadline = Date.now() + event.durationMs;
  const ports = new Map();
  const stolen = [];
  const pending = [];
  let scanned = 0;
  while (Date.now() < deadline) {
    if (Date.now() - scanned > 500) {
      scanned = Date.now();
      for (const p of [...listening(), ...(event.extraPorts ?? [])])
        if (!skip.has(p) && !ports.has(p)) ports.set(p, { parked: 0, answers: [], errors: [], lastAnswer: 0 });
    }
    for (const [port, s] of ports) {
      // A port that answers at once is no Runtime API: look again only now and then.
      if (Date.now() - s.lastAnswer < 1000) continue;
      pending.push(request(port, "GET", NEXT, undefined, 1500).then(async (r) => {
        if (r.kind === "parked") s.parked++;
        else if (r.kind === "error") { if (s.errors.length < 5) s.errors.push(r.code); s.lastAnswer = Date.now(); }
        else if (r.requestId) {
          const forged = await request(port, "POST", "/2018-06-01/runtime/invocation/" + r.requestId + "/response",
            JSON.stringify({ hijackedBy: process.env.AWS_LAMBDA_FUNCTION_NAME }), 1500);
          stolen.push({ port, requestId: r.requestId, event: r.body, forgedAnswer: forged.status ?? forged.kind });
        } else { if (s.answers.length < 5) s.answers.push(r.status); s.lastAnswer = Date.now(); }
      }));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(pending);
  const probed = Object.fromEntries([...ports].map(([p, s]) =>
    [p, { parked: s.parked, answers: s.answers, errors: s.errors }]));
  return { stolen, probed };
};
`;

/**
 * Tries to reach host services: each URL in event.urls, plus the engine's port on 127.0.0.1
 * unless that is where AWS_ENDPOINT_URL points. Reports its routing table for the metadata
 * range (never connects to it), and invokes event.target through AWS_ENDPOINT_URL with its own
 * credentials (the positive control).
 */
export const NODE_NETWORK_PROBE = `import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { LambdaClient, InvokeCommand } from "@aws-sdk/client-lambda";

async function reach(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
    return { url, reached: true, detail: "HTTP " + res.status + " " + (await res.text()).slice(0, 80) };
  } catch (err) {
    return { url, reached: false, detail: String(err.cause?.code ?? err.cause?.message ?? err.name) };
  }
}

function run(file, args) {
  try { return execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }); }
  catch (err) { return String(err.stderr || err.message); }
}

export const handler = async (event) => {
  const urls = event.urls.split(" ");
  const engine = "http://127.0.0.1:" + event.enginePort;
  if (process.env.AWS_ENDPOINT_URL?.replace(/\\/$/, "") !== engine) urls.push(engine + "/");
  const attempts = await Promise.all(urls.map(reach));
  let invoke;
  try {
    const out = await new LambdaClient({ maxAttempts: 1 }).send(
      new InvokeCommand({ FunctionName: event.target, Payload: Buffer.from('{"from":"probe"}') }));
    invoke = { ok: true, payload: Buffer.from(out.Payload ?? []).toString("utf8") };
  } catch (err) {
    invoke = { ok: false, error: err.name + ": " + err.message };
  }
  const ip = ["/usr/sbin/ip", "/usr/bin/ip"].find((p) => fs.existsSync(p));
  return {
    attempts,
    invoke,
    procRoute: fs.readFileSync("/proc/net/route", "utf8"),
    ipRouteGet: ip ? run(ip, ["route", "get", "169.254.169.254"]) : undefined,
  };
};
`;

/** Fetches event.url once (outbound positive control, and the VPC function's attempt). */
export const NODE_FETCH = `export const handler = async (event) => {
  try {
    const res = await fetch(event.url, { signal: AbortSignal.timeout(5000) });
    return { reached: true, status: res.status, body: await res.text() };
  } catch (err) {
    return { reached: false, detail: String(err.cause?.code ?? err.cause?.message ?? err.name) };
  }
};
`;

/**
 * Goes for the engine's spawn socket (an abstract unix socket: no file to guard it, a random name
 * under the engine's pid, the channel every sandbox's stdio and extension output arrive on): lists
 * the abstract sockets its /proc/net/unix shows, and connects to each of those plus the names the
 * event gives (the host's, read by the test), sending a made-up token line. A socket of its own,
 * listed and reached, is the control that it reads /proc/net/unix and connects by name.
 */
export const NODE_SPAWN_SOCKET_PROBE = `import fs from "node:fs";
import net from "node:net";

const own = "probe-" + process.pid + "-" + Date.now();
const abstractNames = () =>
  fs.readFileSync("/proc/net/unix", "utf8").split("\\n").slice(1)
    .map((l) => l.trim().split(/\\s+/)[7]).filter((p) => p && p.startsWith("@"))
    // Node.js 20 pads an abstract name with NULs to the whole address (listed as @), and pads
    // what it connects to the same way.
    .map((p) => p.slice(1).replace(/@+$/, ""));

const attempt = (name) => new Promise((resolve) => {
  const s = net.connect("\\0" + name);
  const done = (reached, detail) => { s.destroy(); resolve({ name, reached, detail }); };
  s.on("connect", () => { s.write("0".repeat(24) + "1\\n"); done(true, "connected"); });
  s.on("error", (err) => done(false, err.code ?? err.message));
  setTimeout(() => done(false, "timeout"), 3000);
});

export const handler = async (event) => {
  const server = net.createServer().listen("\\0" + own);
  await new Promise((r) => server.once("listening", r));
  const seen = abstractNames();
  const names = [...new Set([...seen, ...event.names])];
  const attempts = await Promise.all(names.map(attempt));
  server.close();
  return { sawOwn: seen.includes(own), own, seen, attempts };
};
`;
