// Concurrency bench (issue 4): 1,000 concurrent synchronous invokes against reserved concurrency 50.
// The engine runs as its own process; clients retry throttles (as SDK users do) until all 1,000
// have run (after a warm-up that starts the 50 environments). Figures: peak running (from the handler's own start/end stamps), lost and unexpected
// errors, time to drain, and the scheduler's overhead per invoke (client round trip − handler time).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { InvokeCommand, LambdaClient, PutFunctionConcurrencyCommand } from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { startDrainFloor } from "./concurrency-floor.mjs";
import { drainEvents } from "./event-drain.mjs";
import { engineTarget } from "./engine-target.mjs";

const HANDLER = `export const handler = async (e) => {
  const start = Date.now();
  await new Promise((r) => setTimeout(r, e.sleep));
  const span = { start, end: Date.now() };
  // Event invokes have no caller to answer: they leave their span in the function's log.
  if (e.log) console.log("span " + JSON.stringify(span));
  return span;
};
`;

const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const f0 = (x) => x.toFixed(0);

/** Max number of [start, end) spans open at once. */
function peakOverlap(spans) {
  const pts = spans
    .flatMap((s) => [
      [s.start, 1],
      [s.end, -1],
    ])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let n = 0;
  let peak = 0;
  for (const [, d] of pts) peak = Math.max(peak, (n += d));
  return peak;
}

/** CPU time (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuMsOf(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

/** The kernel's count of connections dropped at a full accept queue (machine-wide; /proc/net/netstat). */
function listenOverflows() {
  const lines = fs.readFileSync("/proc/net/netstat", "utf8").split("\n");
  const i = lines.findIndex((l) => l.startsWith("TcpExt:"));
  const names = lines[i]?.split(" ") ?? [];
  const values = lines[i + 1]?.split(" ") ?? [];
  return Number(values[names.indexOf("ListenOverflows")] ?? NaN);
}

/** 1,000 callers at once, each retrying its invoke after a throttle until it has run. */
async function drain(client, invokes, payload, serverPid) {
  const spans = [];
  const cpu0 = process.cpuUsage();
  const server0 = cpuMsOf(serverPid);
  const overflows0 = listenOverflows();
  let unexpectedErrors = 0;
  let throttlesRetried = 0;
  const t0 = performance.now();
  const one = async () => {
    for (;;) {
      try {
        const r = await client.send(
          new InvokeCommand({ FunctionName: "conc-bench", Payload: payload }),
        );
        if (r.FunctionError) {
          unexpectedErrors++;
          return;
        }
        spans.push(JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString()));
        return;
      } catch (err) {
        if (err?.name === "TooManyRequestsException") {
          throttlesRetried++;
          await new Promise((res) => setTimeout(res, 20 + Math.random() * 80));
          continue;
        }
        unexpectedErrors++;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: invokes }, one));
  const drainMs = performance.now() - t0;
  const c = process.cpuUsage(cpu0);
  return {
    spans,
    unexpectedErrors,
    throttlesRetried,
    drainMs,
    clientCpuMs: (c.user + c.system) / 1000,
    serverCpuMs: cpuMsOf(serverPid) - server0,
    listenOverflows: listenOverflows() - overflows0,
  };
}

/**
 * @param {{ invokes?: number, reserved?: number, sleepMs?: number }} [o]
 * @returns {Promise<{ invokes: number, reserved: number, completed: number, lost: number, unexpectedErrors: number,
 *   throttlesRetried: number, peakRunning: number, drainMs: number, overheadMsP50: number, overheadMsP95: number, burstOverheadMs: number, table: string }>}
 */
export async function concurrencyBench(o = {}) {
  const invokes = o.invokes ?? 1000;
  const reserved = o.reserved ?? 50;
  const sleepMs = o.sleepMs ?? 100;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conc-bench-"));
  const handlerFile = path.join(dir, "index.mjs");
  fs.writeFileSync(handlerFile, HANDLER);
  const credentials = {
    accessKeyId: "AKIACONCURRENCYBENCH",
    secretAccessKey: "concurrency-bench-secret",
  };
  const start = engineTarget({
    credentials,
    handlerFile,
    functions: [{ name: "conc-bench", handler: "index.handler", timeout: 30 }],
    env: { LAMBDA_ENGINE_MAX_ENVIRONMENTS: String(Math.max(64, reserved + 8)) },
  });
  const engine = await start();
  const floor = await startDrainFloor(reserved);
  const clientFor = (endpoint) =>
    new LambdaClient({
      endpoint,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
      // The SDK's default of 50 sockets would cap concurrency on the client side and hide the test.
      requestHandler: new NodeHttpHandler({
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: invokes + 10 }),
      }),
    });
  const client = clientFor(engine.endpoint);
  const floorClient = clientFor(floor.endpoint);
  try {
    await client.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: "conc-bench",
        ReservedConcurrentExecutions: reserved,
      }),
    );
    const payload = Buffer.from(JSON.stringify({ sleep: sleepMs }));
    // Warm-up: start the reserved environments first, so the figures are the scheduler's, not cold
    // starts (each logs once too: a first console.log compiles the streams under Lambda's flags).
    await Promise.allSettled(
      Array.from({ length: reserved }, () =>
        client.send(
          new InvokeCommand({
            FunctionName: "conc-bench",
            Payload: Buffer.from('{"sleep":1000,"log":true}'),
          }),
        ),
      ),
    );
    // The floor first once unmeasured (warms this process's client code), then the engine, then the floor.
    await drain(floorClient, invokes, payload, floor.pid);
    const engineRun = await drain(client, invokes, payload, engine.pid);
    const { spans, unexpectedErrors, throttlesRetried, drainMs } = engineRun;
    const floorRun = await drain(floorClient, invokes, payload, floor.pid);
    // Event invokes come from a client as SDK users have it (50 sockets): they need no concurrency
    // of their own to be accepted.
    const eventClient = new LambdaClient({
      endpoint: engine.endpoint,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    });
    const logs = new CloudWatchLogsClient({
      endpoint: engine.endpoint,
      region: "us-east-1",
      credentials,
      maxAttempts: 1,
    });
    const events = await drainEvents({
      client: eventClient,
      logs,
      invokes,
      payload: Buffer.from(JSON.stringify({ sleep: sleepMs, log: true })),
      serverCpuMs: () => cpuMsOf(engine.pid),
    }).finally(() => {
      logs.destroy();
      eventClient.destroy();
    });
    const overheads = [];
    // Per-invoke overhead without client-side queueing: sequential warm invokes of a 0 ms handler.
    const zero = Buffer.from('{"sleep":0}');
    for (let i = 0; i < 200; i++) {
      const a = performance.now();
      const r = await client.send(new InvokeCommand({ FunctionName: "conc-bench", Payload: zero }));
      const s = JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString());
      if (i >= 20) overheads.push(performance.now() - a - (s.end - s.start));
    }
    overheads.sort((a, b) => a - b);
    // Under the burst: how much longer than perfect packing (invokes / reserved × sleep) the drain took, per invoke slot.
    const burstOverheadMs =
      ((drainMs - Math.ceil(invokes / reserved) * sleepMs) * reserved) / invokes;
    const peakRunning = peakOverlap(spans);
    const completed = spans.length;
    const result = {
      invokes,
      reserved,
      completed,
      lost: invokes - completed - unexpectedErrors,
      unexpectedErrors,
      throttlesRetried,
      peakRunning,
      drainMs,
      overheadMsP50: pct(overheads, 50),
      overheadMsP95: pct(overheads, 95),
      burstOverheadMs,
      idealMs: Math.ceil(invokes / reserved) * sleepMs,
      floorDrainMs: floorRun.drainMs,
      floorThrottlesRetried: floorRun.throttlesRetried,
      events: {
        completed: events.spans.length,
        refused: events.refused,
        peakRunning: peakOverlap(events.spans),
        acceptMs: events.acceptMs,
        drainMs: events.drainMs,
        drainFromAcceptedMs: events.drainFromAcceptedMs,
        serverCpuMs: events.serverCpuMs,
      },
      cpuMs: {
        engine: { client: engineRun.clientCpuMs, server: engineRun.serverCpuMs },
        floor: { client: floorRun.clientCpuMs, server: floorRun.serverCpuMs },
      },
      listenOverflows: { engine: engineRun.listenOverflows, floor: floorRun.listenOverflows },
    };
    const ideal = (Math.ceil(invokes / reserved) * sleepMs) / 1000;
    const table = [
      "| figure | measured | bar | met |",
      "| --- | --- | --- | --- |",
      `| peak running (reserved ${reserved}) | ${peakRunning} | ≤ ${reserved} | ${peakRunning <= reserved ? "yes" : "NO"} |`,
      `| completed / lost | ${completed} / ${result.lost} | ${invokes} / 0 | ${result.lost === 0 && completed === invokes ? "yes" : "NO"} |`,
      `| unexpected errors | ${unexpectedErrors} | 0 | ${unexpectedErrors === 0 ? "yes" : "NO"} |`,
      `| time to drain ${invokes} × ${sleepMs} ms | ${(drainMs / 1000).toFixed(2)} s (ideal ${ideal.toFixed(2)} s; ${throttlesRetried} throttles retried) | ≤ ${(1.3 * ideal).toFixed(2)} s | ${drainMs <= 1300 * ideal ? "yes" : "NO"} |`,
      `| the same drain against a node:http floor with the same admission rule (same clients, same run) | ${(floorRun.drainMs / 1000).toFixed(2)} s (${floorRun.throttlesRetried} throttles retried); engine / floor ${(drainMs / floorRun.drainMs).toFixed(2)}× | — | — |`,
      `| the same ${invokes} as Event invokes (all accepted at once, run by the engine's queue): drain, first 202 → last handler end | ${(events.drainFromAcceptedMs / 1000).toFixed(2)} s (from the first request ${(events.drainMs / 1000).toFixed(2)} s; all accepted in ${f0(events.acceptMs)} ms; ${events.spans.length} ran, ${events.refused} refused; peak running ${result.events.peakRunning}; engine process CPU ${f0(events.serverCpuMs)} ms) | ≤ ${(1.3 * ideal).toFixed(2)} s | ${events.drainFromAcceptedMs <= 1300 * ideal && events.spans.length === invokes ? "yes" : "NO"} |`,
      `| CPU during the drain, client / server (engine process only; floor) | engine ${f0(engineRun.clientCpuMs)} / ${f0(engineRun.serverCpuMs)} ms; floor ${f0(floorRun.clientCpuMs)} / ${f0(floorRun.serverCpuMs)} ms | — | — |`,
      `| connections dropped at a full accept queue during the drain (TcpExtListenOverflows, machine-wide) | engine ${engineRun.listenOverflows}; floor ${floorRun.listenOverflows} | 0 | ${engineRun.listenOverflows === 0 ? "yes" : "NO"} |`,
      `| scheduler overhead per invoke, warm and sequential (round trip − handler time) | p50 ${result.overheadMsP50.toFixed(2)} ms, p95 ${result.overheadMsP95.toFixed(2)} ms | — | — |`,
      `| overhead per invoke slot under the burst ((drain − perfect packing) × ${reserved} / ${invokes}) | ${burstOverheadMs.toFixed(1)} ms | — | — |`,
    ].join("\n");
    return { ...result, table };
  } finally {
    client.destroy();
    floorClient.destroy();
    await Promise.all([engine.stop(), floor.stop()]);
    start.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// `node scripts/bench/concurrency.mjs` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await concurrencyBench();
  console.log("\n## Concurrency: 1,000 concurrent invokes, reserved concurrency 50\n");
  console.log(r.table);
}
