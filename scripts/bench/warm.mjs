// The narrow bench for the warm path (issue 18): only the warm rows — warm invoke p50 (SDK), throughput
// with 16 SDK callers and server CPU per invoke — for the node:http floor, the peer
// (serverless-offline) and the compiled engine, in one run, each on a fresh server process.
// `node scripts/bench/warm.mjs [--quick] [--rounds N] [--only engine,floor]`.
import { CREDS, N, log, sdkTarget, median, pct, now } from "./peer/measure.mjs";
import { cpuMs } from "./peer/process-tree.mjs";
import { HANDLER, startFloor, startPeer } from "./peer/targets.mjs";
import { engineTarget } from "./engine-target.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const rounds = Number(arg("--rounds", 1));
const only = arg("--only", "floor,peer,engine").split(",");

async function seq(t) {
  for (let i = 0; i < N.warmup; i++) await t.invoke("hello");
  const lat = [];
  for (let i = 0; i < N.seq; i++) {
    const a = now();
    await t.invoke("hello");
    lat.push(now() - a);
  }
  return pct(lat, 0.5);
}
async function throughput(t, pid) {
  let ok = 0;
  const s0 = cpuMs(pid),
    t0 = now(),
    end = t0 + N.tpMs;
  const caller = async () => {
    while (now() < end) {
      await t.invoke("hello");
      ok++;
    }
  };
  await Promise.all(Array.from({ length: N.conc }, caller));
  const ms = now() - t0;
  return { rps: (ok / ms) * 1000, cpuUs: ((cpuMs(pid) - s0) * 1000) / ok };
}
async function measure(start) {
  const srv = await start();
  try {
    const sdk = sdkTarget(srv.port, srv.fnName);
    const p50 = await seq(sdk);
    const tp = await throughput(sdk, srv.pid);
    const p50After = await seq(sdk);
    sdk.agent.destroy();
    return { p50: median([p50, p50After]), ...tp };
  } finally {
    await srv.stop();
  }
}

const engine = engineTarget({
  credentials: CREDS,
  handlerFile: HANDLER,
  functions: [{ name: "hello", handler: "handler.hello" }],
});
const targets = { floor: startFloor, peer: startPeer, engine };
const rows = [];
try {
  for (let r = 0; r < rounds; r++)
    for (const name of only) {
      log(`round ${r + 1}: ${name}`);
      rows.push({ round: r + 1, name, ...(await measure(targets[name])) });
    }
} finally {
  engine.cleanup();
}
const f = (x, d = 2) => x.toFixed(d);
console.log("| round | target | warm p50 ms | throughput /s | server CPU µs/invoke |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of rows)
  console.log(`| ${r.round} | ${r.name} | ${f(r.p50, 3)} | ${f(r.rps, 0)} | ${f(r.cpuUs, 0)} |`);
for (let r = 1; r <= rounds; r++) {
  const by = Object.fromEntries(rows.filter((x) => x.round === r).map((x) => [x.name, x]));
  const e = by.engine;
  if (!e) continue;
  const parts = [];
  if (by.floor) parts.push(`p50/floor ${f(e.p50 / by.floor.p50)}×`);
  if (by.peer)
    parts.push(`tp/peer ${f(e.rps / by.peer.rps)}×`, `cpu/peer ${f(e.cpuUs / by.peer.cpuUs)}×`);
  console.log(`round ${r}: ${parts.join(", ")}`);
}
