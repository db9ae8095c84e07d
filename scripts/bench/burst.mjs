// `node scripts/bench/burst.mjs`: the first-burst probe (issue 18). Starts the compiled engine as
// the bench does, warms the path with one invoke, then sends N (default 50) 100 ms sleeps at once,
// twice, and prints wall time, overlap, environments, when the answers came, how long the engine
// ran and waited to run (its /proc schedstat) during burst #1, and the tree's RSS afterwards. The
// floor (N bare aws-lambda-ric in bubblewrap, ric-floor.mjs) runs before and after the engine, so
// each ratio is against a floor of the same run (FLOOR=0 skips it); a last floor runs the same
// runtimes with Lambda's Node.js flags (the engine's command line for a 128 MB function).
// For profiling: BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=.tmp/prof" passes flags to the engine.
import fs from "node:fs";
import { CREDS, maxOverlap, now, sdkTarget } from "./peer/measure.mjs";
import {
  byProcessKind,
  cpuMsByProcessKind,
  processRssMb,
  rssMb,
  memoryPerEnvironmentMb,
  processPssMb,
  tree,
} from "./peer/process-tree.mjs";
import { HANDLER } from "./peer/targets.mjs";
import { engineTarget } from "./engine-target.mjs";
import { LAMBDA_NODE_FLAGS_128, ricBurstFloor } from "./ric-floor.mjs";

const N = Number(process.env.N || 50);
const FLOOR = process.env.FLOOR !== "0";
const start = engineTarget({
  credentials: CREDS,
  handlerFile: HANDLER,
  functions: [
    { name: "hello", handler: "handler.hello" },
    { name: "sleep", handler: "handler.sleep" },
  ],
});

async function burst(t) {
  const a = now();
  const answered = [];
  const res = await Promise.all(
    Array.from({ length: N }, () => t.invoke("sleep").then((r) => (answered.push(now() - a), r))),
  );
  answered.sort((x, y) => x - y);
  const at = (q) => Math.round(answered[Math.min(N - 1, Math.floor(q * N))]);
  return {
    wallMs: Math.round(now() - a),
    overlapped: maxOverlap(res),
    environments: new Set(res.map((r) => r.env)).size,
    answeredMs: { first: at(0), p25: at(0.25), p50: at(0.5), p75: at(0.75), last: at(1) },
  };
}

/** [ms on a CPU, ms runnable but waiting for one] of a process so far. */
function schedMs(pid) {
  try {
    const [run, wait] = fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ");
    return [Number(run) / 1e6, Number(wait) / 1e6];
  } catch {
    return [NaN, NaN];
  }
}

async function floor(nodeFlags = []) {
  const f = await ricBurstFloor(HANDLER, N, { nodeFlags });
  return {
    wallMs: Math.round(f.wallMs),
    overlapped: f.overlapped,
    rssSumMb: Math.round(f.rssSumMb),
    rssMedianMb: Math.round(f.rssMedianMb * 10) / 10,
    runtimeRssMedianMb: Math.round(f.runtimeRssMedianMb * 10) / 10,
    runtimePssMedianMb: Math.round(f.runtimePssMedianMb * 10) / 10,
    cpuMs: Math.round(f.cpuMs),
  };
}

const floors = FLOOR ? [await floor()] : [];
const srv = await start();
let b1;
let perEnv;
let perEnvPss;
try {
  const t = sdkTarget(srv.port, srv.fnName);
  await t.invoke("hello");
  await new Promise((r) => setTimeout(r, 300));
  const s0 = schedMs(srv.pid);
  const c0 = cpuMsByProcessKind(srv.pid);
  b1 = await burst(t);
  const s1 = schedMs(srv.pid);
  const c1 = cpuMsByProcessKind(srv.pid);
  console.log("burst #1", JSON.stringify(b1));
  console.log(
    "engine during burst #1",
    JSON.stringify({ runMs: Math.round(s1[0] - s0[0]), waitMs: Math.round(s1[1] - s0[1]) }),
  );
  // Processes that ended during the burst are not counted (their CPU is gone with them).
  const cpu = Object.fromEntries(
    Object.entries(c1).map(([k, v]) => [k, Math.round(v - (c0[k] ?? 0))]),
  );
  console.log("CPU ms during burst #1 (live processes)", JSON.stringify(cpu));
  console.log("burst #2", JSON.stringify(await burst(t)));
  const after = { rssMb: Math.round(rssMb(srv.pid)), processes: tree(srv.pid).length };
  console.log("after the bursts", JSON.stringify(after));
  const rss = Object.entries(byProcessKind(srv.pid, processRssMb)).map(([k, v]) => [
    k,
    Math.round(v),
  ]);
  console.log("RSS MB after the bursts, by kind", JSON.stringify(Object.fromEntries(rss)));
  perEnv = memoryPerEnvironmentMb(srv.pid);
  perEnvPss = memoryPerEnvironmentMb(srv.pid, processPssMb);
  console.log("MB per environment: RSS", JSON.stringify(perEnv), "PSS", JSON.stringify(perEnvPss));
  t.agent.destroy();
} finally {
  await srv.stop();
  start.cleanup();
}
if (FLOOR) {
  floors.push(await floor());
  console.log("floor (bare ric in bwrap)", JSON.stringify(floors));
  const flagged = await floor(LAMBDA_NODE_FLAGS_128);
  console.log("floor with Lambda's Node.js flags", JSON.stringify(flagged));
  const best = Math.min(...floors.map((x) => x.wallMs));
  console.log(`burst #1 / best floor of this run: ${(b1.wallMs / best).toFixed(2)}x`);
  console.log(`burst #1 / floor with Lambda's flags: ${(b1.wallMs / flagged.wallMs).toFixed(2)}x`);
  const bare = Math.min(...floors.map((x) => x.rssMedianMb));
  const alone = Math.min(...floors.map((x) => x.runtimeRssMedianMb));
  if (perEnv)
    console.log(
      `RSS per environment / one bare ric in bwrap: ${(perEnv.mb / bare).toFixed(2)}x; / the ric process alone: ${(perEnv.mb / alone).toFixed(2)}x`,
    );
  const alonePss = Math.min(...floors.map((x) => x.runtimePssMedianMb));
  if (perEnvPss)
    console.log(
      `PSS per environment / the ric process alone: ${(perEnvPss.mb / alonePss).toFixed(2)}x`,
    );
}
