// `node scripts/bench/idle.mjs [N] [--compare <dir>/run.cjs]`: what the compiled engine costs once
// started and idle (issue 18: the engine process itself ≤ 150 MB): N rounds (default 5), each
// starting the engine on a data dir with no functions, waiting 3 s (its start-up work done: local
// registry, code cache, standbys), then reading the engine process's
// RSS and the CPU its threads used since start (/proc schedstat), and the same for the whole
// process tree (the spawn helper, the registry, the standbys). --compare: another build in the
// same rounds (e.g. a copy of .engine-dist from before a change).
import { engineTarget } from "./engine-target.mjs";
import { CREDS, median } from "./peer/measure.mjs";
import { processRssMb, rssMb, threadsCpuMs, tree } from "./peer/process-tree.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--compare");
const compare = at >= 0 ? args.splice(at, 2)[1] : undefined;
const N = Number(args[0] ?? 5);
const builds = [["engine", undefined], ...(compare ? [["compare", compare]] : [])];
const rows = Object.fromEntries(builds.map(([name]) => [name, []]));

for (let i = 0; i < N; i++) {
  for (const [name, main] of builds) {
    const start = engineTarget({ credentials: CREDS, handlerFile: "", functions: [], main });
    const t = await start();
    await new Promise((r) => setTimeout(r, 3000));
    const pids = tree(t.pid);
    rows[name].push({
      engineRssMb: processRssMb(t.pid),
      engineCpuMs: threadsCpuMs(t.pid),
      treeRssMb: rssMb(t.pid),
      processes: pids.length,
    });
    await t.stop();
    start.cleanup();
  }
}
const summary = Object.fromEntries(
  Object.entries(rows).map(([name, r]) => [
    name,
    Object.fromEntries(
      Object.keys(r[0]).map((k) => [k, Math.round(median(r.map((x) => x[k])) * 10) / 10]),
    ),
  ]),
);
console.log(JSON.stringify(summary));
