// The peer bench's measurements (from the original side-by-side bench, issue 18): stats, the two
// clients (SDK and raw http.request, same set-up for every target), and the suite of three groups
// each target runs on fresh server processes. The /proc helpers are in process-tree.mjs.
import http from "node:http";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { LambdaClient, InvokeCommand } from "@aws-sdk/client-lambda";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { cpuMs, memoryPerEnvironmentMb, processPssMb, rssMb } from "./process-tree.mjs";

export const QUICK = process.argv.includes("--quick");
// --quick (under 3 minutes): fewer samples, no raw-client group, fewer cold functions.
export const N = QUICK
  ? { warmup: 300, seq: 300, conc: 16, tpMs: 4_000, burst: 50, nodeStart: 10, cold: 5, coldFns: 3 }
  : {
      warmup: 1000,
      seq: 500,
      conc: 16,
      tpMs: 10_000,
      burst: 50,
      nodeStart: 20,
      cold: 20,
      coldFns: 10,
    };
export const CREDS = {
  accessKeyId: "AKIAPEERBENCH0000001",
  secretAccessKey: "peer-bench-dummy-secret-0000000000000000",
};
export const now = () => performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (...a) => console.error("[bench]", ...a);

const sorted = (a) => [...a].sort((x, y) => x - y);
export const pct = (a, q) => {
  const s = sorted(a);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
export const median = (a) => pct(a, 0.5);
export async function portOpen(port) {
  return new Promise((res) => {
    const c = net.connect(port, "127.0.0.1");
    c.once("connect", () => (c.destroy(), res(true)));
    c.once("error", () => res(false));
  });
}

/** Same LambdaClient set-up for every target. */
export function sdkTarget(port, fnName, keepAlive = true) {
  const agent = new http.Agent({ keepAlive, maxSockets: 128 });
  const client = new LambdaClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: CREDS,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: agent,
      connectionTimeout: 5000,
      requestTimeout: 120_000,
    }),
  });
  const dec = new TextDecoder(),
    payload = new TextEncoder().encode("{}");
  let n = 0;
  return {
    agent,
    count: () => n,
    async invoke(fn) {
      n++;
      const out = await client.send(
        new InvokeCommand({ FunctionName: fnName(fn), Payload: payload }),
      );
      const body = out.Payload ? dec.decode(out.Payload) : "";
      if (out.StatusCode !== 200 || out.FunctionError)
        throw new Error(`invoke ${fn}: ${out.StatusCode} ${out.FunctionError} ${body}`);
      return JSON.parse(body);
    },
  };
}
/** Plain http.request with a keep-alive agent, same path as Invoke. */
function rawTarget(port, fnName) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  let n = 0;
  const invoke = (fn) =>
    new Promise((resolve, reject) => {
      n++;
      const path = `/2015-03-31/functions/${fnName(fn)}/invocations`;
      const headers = { "content-type": "application/json", "content-length": 2 };
      const req = http.request(
        { host: "127.0.0.1", port, method: "POST", agent, path, headers },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const b = Buffer.concat(chunks).toString();
            if (res.statusCode === 200) resolve(JSON.parse(b));
            else reject(new Error(`${res.statusCode} ${b}`));
          });
        },
      );
      req.on("error", reject);
      req.end("{}");
    });
  return { agent, count: () => n, invoke };
}

/** Warm sequential latency: N.warmup invokes, then N.seq timed one after another. */
async function seq(t, fn = "hello") {
  for (let i = 0; i < N.warmup; i++) await t.invoke(fn);
  const lat = [];
  for (let i = 0; i < N.seq; i++) {
    const a = now();
    await t.invoke(fn);
    lat.push(now() - a);
  }
  const q = (x) => pct(lat, x);
  return { n: lat.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) };
}
/** Warm sequential latency (SDK) of a fresh server from start(): a floor's one figure. */
export async function seqSdkOf(start) {
  const srv = await start();
  try {
    const sdk = sdkTarget(srv.port, srv.fnName);
    const r = await seq(sdk);
    sdk.agent.destroy();
    return r;
  } finally {
    await srv.stop();
  }
}
async function throughput(t, serverPid) {
  let ok = 0,
    err = 0,
    lastErr = null;
  const lat = [];
  const envs = new Set();
  const c0 = process.cpuUsage(),
    s0 = cpuMs(serverPid),
    t0 = now(),
    end = t0 + N.tpMs;
  const caller = async () => {
    while (now() < end && err < 1000) {
      const a = now();
      try {
        const r = await t.invoke("hello");
        ok++;
        lat.push(now() - a);
        envs.add(r.env);
      } catch (e) {
        err++;
        lastErr = String(e.message || e).slice(0, 200);
      }
    }
  };
  await Promise.all(Array.from({ length: N.conc }, caller));
  const ms = now() - t0,
    c = process.cpuUsage(c0),
    s = cpuMs(serverPid) - s0;
  return {
    rps: (ok / ms) * 1000,
    ok,
    err,
    lastErr,
    ms,
    p50: pct(lat, 0.5),
    p99: pct(lat, 0.99),
    envs: envs.size,
    serverCpuUsPerInv: (s * 1000) / ok,
    clientCpuUsPerInv: (c.user + c.system) / ok,
    serverCpuShare: s / ms,
    clientCpuShare: (c.user + c.system) / 1000 / ms,
  };
}
/** most intervals [t0, t1] open at once */
export function maxOverlap(iv) {
  const ev = iv
    .flatMap((r) => [
      [r.t0, 1],
      [r.t1, -1],
    ])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0,
    max = 0;
  for (const [, d] of ev) max = Math.max(max, (cur += d));
  return max;
}
async function burst(t) {
  const a = now();
  const res = await Promise.allSettled(Array.from({ length: N.burst }, () => t.invoke("sleep")));
  const wallMs = now() - a;
  const ok = res.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const bad = res.find((r) => r.status === "rejected");
  return {
    wallMs,
    ok: ok.length,
    err: res.length - ok.length,
    lastErr: bad ? String(bad.reason?.message || bad.reason).slice(0, 200) : null,
    maxInFlight: maxOverlap(ok),
    envs: new Set(ok.map((r) => r.env)).size,
  };
}
/** fill the target's pool (one env per concurrent caller) before timing throughput */
async function warm16(t) {
  const caller = async () => {
    for (let i = 0; i < 20; i++) await t.invoke("hello");
  };
  await Promise.all(Array.from({ length: N.conc }, caller));
}

/**
 * Three groups, each on a FRESH server instance, same order for every target (a server that slows
 * down as it serves more would otherwise let phase order leak into later numbers). --quick skips C.
 * start() → { pid, port, fnName, bootMs, stop }
 */
export async function suite(label, start, coldPhase) {
  const r = { bootMs: [] };
  const group = async (name, body) => {
    const srv = await start();
    r.bootMs.push(srv.bootMs);
    try {
      log(label, name);
      await body(srv);
    } finally {
      await srv.stop();
    }
  };
  await group("A: cold, warm sequential (SDK)", async (srv) => {
    if (coldPhase) Object.assign(r, await coldPhase(srv));
    const sdk = sdkTarget(srv.port, srv.fnName);
    r.seqSdk = await seq(sdk);
    sdk.agent.destroy();
  });
  // A server of its own, so that its memory after the bursts holds what the bursts left (their 50
  // environments, the server's fixed processes), not the idle environments of the cold phase's
  // other functions: the floor it is compared with is 50 bare runtime processes.
  await group("A2: bursts", async (srv) => {
    const sdk = sdkTarget(srv.port, srv.fnName);
    await sdk.invoke("hello");
    await sleep(300);
    r.burst1 = await burst(sdk);
    await sleep(300);
    r.burst2 = await burst(sdk);
    r.rssAfterBurstsMb = rssMb(srv.pid);
    // Per environment (engine only: the peer has none): what one costs beside the fixed processes.
    if (label === "engine") {
      r.rssPerEnvironment = memoryPerEnvironmentMb(srv.pid);
      r.pssPerEnvironment = memoryPerEnvironmentMb(srv.pid, processPssMb);
    }
    sdk.agent.destroy();
  });
  await group("B: throughput (SDK), then warm sequential again", async (srv) => {
    const sdk = sdkTarget(srv.port, srv.fnName);
    await warm16(sdk);
    r.tpSdk = await throughput(sdk, srv.pid);
    r.servedBeforeSeqAfter = sdk.count();
    r.seqSdkAfterLoad = await seq(sdk);
    r.rssAfterLoadMb = rssMb(srv.pid);
    sdk.agent.destroy();
  });
  if (!QUICK)
    await group("C: warm sequential + throughput (raw http.request)", async (srv) => {
      const raw = rawTarget(srv.port, srv.fnName);
      r.seqRaw = await seq(raw);
      await warm16(raw);
      r.tpRaw = await throughput(raw, srv.pid);
      raw.agent.destroy();
    });
  r.bootMsMedian = median(r.bootMs);
  return r;
}

/** first invoke after start, then one first invoke on each of N.coldFns other functions */
export async function coldPhase(srv) {
  const sdk = sdkTarget(srv.port, srv.fnName),
    r = {};
  let b = now();
  await sdk.invoke("hello");
  r.firstMs = now() - b;
  const colds = [];
  for (let i = 1; i <= N.coldFns; i++) {
    b = now();
    await sdk.invoke(`cold${i}`);
    colds.push(now() - b);
  }
  r.coldFns = { median: median(colds), min: pct(colds, 0), max: pct(colds, 1), all: colds };
  sdk.agent.destroy();
  return r;
}
