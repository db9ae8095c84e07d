// Runs ../shared/peer-bench (serverless-offline + physical floors) with the local engine added beside
// them as a third suite, in one run. The shared script is read-only: we run a patched copy.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SRC = path.resolve(ROOT, "../shared/peer-bench");
const COPY = path.join(ROOT, ".tmp/peer-bench-src");
const RUN = process.env.PEER_BENCH_DIR || "/tmp/peer-bench-run";

export function runPeerBench() {
  if (!fs.existsSync(path.join(SRC, "bench.mjs")))
    throw new Error(`peer bench not found at ${SRC}`);
  fs.rmSync(COPY, { recursive: true, force: true });
  fs.cpSync(SRC, COPY, { recursive: true });
  fs.chmodSync(COPY, 0o755);
  for (const f of fs.readdirSync(COPY, { recursive: true }))
    fs.chmodSync(path.join(COPY, f), 0o755);
  const benchFile = path.join(COPY, "bench.mjs");
  let src = fs.readFileSync(benchFile, "utf8");
  const anchor = "res.peer = await suite('peer', startPeer, peerCold);";
  if (!src.includes(anchor))
    throw new Error("peer bench changed: cannot find where to add the engine suite");
  const target = path.join(ROOT, "scripts/bench/engine-target.mjs");
  src = `import { engineTarget } from ${JSON.stringify(target)};\n` + src;
  src = src.replace(
    anchor,
    `${anchor}
{
  const fns = [{ name: 'hello', handler: 'handler.hello' }, { name: 'sleep', handler: 'handler.sleep' },
    ...Array.from({ length: N.coldFns }, (_, i) => ({ name: 'cold' + (i + 1), handler: 'handler.hello' }))];
  // The raw http.request rows send unsigned requests: the engine accepts them only with this opt-in.
  const startEngine = engineTarget({ credentials: CREDS, handlerFile: HANDLER, functions: fns, env: { LAMBDA_ENGINE_ALLOW_UNSIGNED: '1' } });
  try { res.engine = await suite('engine', startEngine, peerCold); } finally { startEngine.cleanup(); }
}`,
  );
  fs.writeFileSync(benchFile, src);
  const before = new Set(fs.existsSync(RUN) ? fs.readdirSync(RUN) : []);
  const r = spawnSync("bash", [path.join(COPY, "run.sh")], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PEER_BENCH_DIR: RUN },
  });
  if (r.status !== 0) throw new Error(`peer bench failed (exit ${r.status})`);
  const results = fs
    .readdirSync(RUN)
    .filter((f) => f.startsWith("results-") && !before.has(f))
    .sort();
  const last = results.at(-1);
  if (!last) throw new Error("peer bench wrote no results");
  return JSON.parse(fs.readFileSync(path.join(RUN, last), "utf8"));
}

const f1 = (x) =>
  x == null || Number.isNaN(x)
    ? "—"
    : x >= 100
      ? x.toFixed(0)
      : x >= 10
        ? x.toFixed(1)
        : x.toFixed(2);
const ratio = (a, b) => (a == null || b == null || !b ? "—" : `${(a / b).toFixed(2)}×`);

/** measure | engine | peer | floor | engine/peer | engine/floor, with "lower is better" unless ↑. */
export function engineTable(res) {
  const E = res.engine,
    P = res.peer,
    F = res.floor;
  const rows = [
    ["Start → Invoke port open, median, ms", E.bootMsMedian, P.bootMsMedian, F.bootMsMedian],
    ["First invoke after start (cold), ms", E.firstMs, P.firstMs, res.coldChild.median],
    [
      "New-env cold invoke, median of 10 fns, ms",
      E.coldFns.median,
      P.coldFns.median,
      res.coldChild.median,
    ],
    ["Warm sequential p50, ms (SDK)", E.seqSdk.p50, P.seqSdk.p50, F.seqSdk.p50],
    ["Warm sequential p99, ms (SDK)", E.seqSdk.p99, P.seqSdk.p99, F.seqSdk.p99],
    ["Throughput 16 callers, inv/s (SDK) ↑", E.tpSdk.rps, P.tpSdk.rps, F.tpSdk.rps],
    [
      "Server CPU per invoke (SDK run), µs",
      E.tpSdk.serverCpuUsPerInv,
      P.tpSdk.serverCpuUsPerInv,
      F.tpSdk.serverCpuUsPerInv,
    ],
    [
      "Warm sequential p50 after load, ms (SDK)",
      E.seqSdkAfterLoad.p50,
      P.seqSdkAfterLoad.p50,
      F.seqSdkAfterLoad.p50,
    ],
    ["Warm sequential p50, ms (raw http)", E.seqRaw.p50, P.seqRaw.p50, F.seqRaw.p50],
    ["Warm sequential p99, ms (raw http)", E.seqRaw.p99, P.seqRaw.p99, F.seqRaw.p99],
    ["Throughput 16 callers, inv/s (raw http) ↑", E.tpRaw.rps, P.tpRaw.rps, F.tpRaw.rps],
    ["50 × 100 ms sleep burst #1, wall ms", E.burst1.wallMs, P.burst1.wallMs, F.burst1.wallMs],
    ["50 × 100 ms sleep burst #2, wall ms", E.burst2.wallMs, P.burst2.wallMs, F.burst2.wallMs],
    ["Server RSS after bursts, MB", E.rssAfterBurstsMb, P.rssAfterBurstsMb, F.rssAfterBurstsMb],
    ["Server RSS after throughput, MB", E.rssAfterLoadMb, P.rssAfterLoadMb, F.rssAfterLoadMb],
  ];
  const lines = [
    "| measure | engine | peer | floor | engine/peer | engine/floor |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const [m, e, p, f] of rows)
    lines.push(`| ${m} | ${f1(e)} | ${f1(p)} | ${f1(f)} | ${ratio(e, p)} | ${ratio(e, f)} |`);
  const errs = ["tpSdk", "tpRaw", "burst1", "burst2"].map((k) => `${k} ${E[k].err}`).join(", ");
  lines.push(
    "",
    `Engine errors: ${errs}. Burst overlap: ${E.burst1.maxInFlight}/50 and ${E.burst2.maxInFlight}/50 in flight, ${E.burst1.envs} environments.`,
  );
  return lines.join("\n");
}
