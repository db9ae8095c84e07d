// The 100,000-invoke soak (issue 18): the compiled engine in its own process, 8 SDK callers invoking
// a warm function back to back; it logs one line per invoke, as most functions do, so the log path
// runs too. Every 10,000 invokes it samples the engine's RSS and open file
// descriptors (/proc/<pid>/fd), and those of its helper processes (every descendant: sandboxes,
// runtimes, standbys). Figures: p50 of the first and the last 10,000 invokes (goal: within 10%), and
// RSS / fds first, last and max (goal: flat). Before the counted invokes, a warm-up (SOAK_WARMUP,
// default 10% of them) by the same callers: the callers' environments start and the engine's JIT
// settles, as before the other warm rows; the soak measures drift, not the warm-up.
// `node scripts/bench/soak.mjs` runs it alone; SOAK_INVOKES and SOAK_CALLERS change the size (the
// figures' windows stay 10% of the total).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CREDS, now, sdkTarget } from "./peer/measure.mjs";
import { cpuMs, machineBusyMs, processRssMb, threadsCpuMs, tree } from "./peer/process-tree.mjs";
import { engineTarget } from "./engine-target.mjs";

const HANDLER = `let n = 0;
export const handler = async () => {
  console.log("soak invoke", ++n);
  return { ok: true, n };
};
`;

function fdsOf(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/** One sample: the engine's RSS and fds, and the sums over its helper processes. */
function sample(pid, done) {
  const helpers = tree(pid).slice(1); // every descendant
  return {
    invokes: done,
    engineRssMb: processRssMb(pid),
    engineFds: fdsOf(pid),
    helpers: helpers.length,
    helpersRssMb: helpers.reduce((s, p) => s + processRssMb(p), 0),
    helpersFds: helpers.reduce((s, p) => s + fdsOf(p), 0),
  };
}

/** CPU so far, ms: the engine process, its helpers (runtimes, sandboxes), this client, the rest. */
const cpuSplit = (pid) => {
  const tree = cpuMs(pid);
  const engine = threadsCpuMs(pid);
  const u = process.cpuUsage();
  const client = (u.user + u.system) / 1000;
  return { engine, helpers: tree - engine, client, others: machineBusyMs() - tree - client };
};

/**
 * Waits (at most `maxMs`) until the rest of the machine is quiet: under 5% of one core for 500 ms.
 * The phase before the soak can leave work behind (kernel workers tearing down its environments'
 * network namespaces and memory cgroups). So far the machine was quiet at once: the first
 * window's extra cost was the runtimes' own (their CPU row below).
 */
async function quiet(pid, maxMs = 30_000) {
  const t0 = now();
  for (;;) {
    const a = cpuSplit(pid).others;
    await new Promise((r) => setTimeout(r, 500));
    if (cpuSplit(pid).others - a < 25 || now() - t0 > maxMs) return now() - t0;
  }
}

const p50 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/**
 * @param {{ invokes?: number, callers?: number }} [o]
 * @returns {Promise<{ invokes: number, firstP50Ms: number, lastP50Ms: number, ratio: number,
 *   samples: ReturnType<typeof sample>[], errors: number, wallS: number, table: string }>}
 */
export async function soakBench(o = {}) {
  const invokes = o.invokes ?? Number(process.env.SOAK_INVOKES || 100_000);
  const callers = o.callers ?? Number(process.env.SOAK_CALLERS || 8);
  const warmup = Number(process.env.SOAK_WARMUP ?? Math.floor(invokes / 10));
  const every = Math.max(1, Math.floor(invokes / 10));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "soak-bench-"));
  const handlerFile = path.join(dir, "index.mjs");
  fs.writeFileSync(handlerFile, HANDLER);
  const start = engineTarget({
    credentials: CREDS,
    handlerFile,
    functions: [{ name: "soak", handler: "index.handler" }],
  });
  const srv = await start();
  const t = sdkTarget(srv.port, srv.fnName);
  try {
    const quietMs = await quiet(srv.pid);
    await t.invoke("soak");
    await Promise.all(
      Array.from({ length: callers }, async (_, c) => {
        for (let i = c; i < warmup; i += callers) await t.invoke("soak");
      }),
    );
    const latencies = new Float64Array(invokes);
    const samples = [sample(srv.pid, 0)];
    const cpu = [cpuSplit(srv.pid)];
    let next = 0;
    let done = 0;
    let errors = 0;
    const t0 = now();
    const caller = async () => {
      for (;;) {
        const i = next++;
        if (i >= invokes) return;
        const a = now();
        try {
          await t.invoke("soak");
        } catch {
          errors++;
        }
        latencies[i] = now() - a;
        if (++done % every === 0) {
          const s = sample(srv.pid, done);
          samples.push(s);
          cpu.push(cpuSplit(srv.pid));
          process.stderr.write(`[soak] ${JSON.stringify(s)}\n`);
        }
      }
    };
    await Promise.all(Array.from({ length: callers }, caller));
    const wallS = (now() - t0) / 1000;
    const windows = Array.from({ length: Math.floor(invokes / every) }, (_, w) =>
      p50(latencies.subarray(w * every, (w + 1) * every)),
    );
    const firstP50Ms = windows[0] ?? NaN;
    const lastP50Ms = windows[windows.length - 1] ?? NaN;
    const ratio = lastP50Ms / firstP50Ms;
    const stat = (k) => {
      const v = samples.slice(1).map((s) => s[k]);
      return `${f1(v[0])} / ${f1(v[v.length - 1])} / ${f1(Math.max(...v))}`;
    };
    const k = every.toLocaleString("en-US");
    const table = [
      "| figure | measured | bar | met |",
      "| --- | --- | --- | --- |",
      `| p50, first ${k} invokes → last ${k} | ${lastP50Ms.toFixed(2)} ms after ${firstP50Ms.toFixed(2)} ms (${ratio.toFixed(2)}×) | within 10% | ${Math.abs(ratio - 1) <= 0.1 ? "yes" : "NO"} |`,
      `| p50 of each ${k} in turn, ms | ${windows.map((x) => x.toFixed(2)).join(", ")} | — | — |`,
      `| CPU per invoke in each ${k}, µs: engine / runtimes and sandboxes / this client / the machine's other work (after waiting ${(quietMs / 1000).toFixed(1)} s for it to go quiet) | ${cpu
        .slice(1)
        .map((c, i) => {
          const b = cpu[i] ?? c;
          const per = (k) => Math.max(0, ((c[k] - b[k]) * 1000) / every).toFixed(0);
          return `${per("engine")}/${per("helpers")}/${per("client")}/${per("others")}`;
        })
        .join(", ")} | — | — |`,
      `| errors | ${errors} of ${invokes} (${callers} callers, ${wallS.toFixed(0)} s, ${(invokes / wallS).toFixed(0)}/s; after ${warmup} warm-up invokes) | 0 | ${errors === 0 ? "yes" : "NO"} |`,
      `| engine RSS, MB: first / last / max sample | ${stat("engineRssMb")} | flat | — |`,
      `| engine open fds: first / last / max | ${stat("engineFds")} | flat | — |`,
      `| helper processes: first / last / max | ${stat("helpers")} | flat | — |`,
      `| helpers' RSS, MB: first / last / max | ${stat("helpersRssMb")} | flat | — |`,
      `| helpers' open fds: first / last / max | ${stat("helpersFds")} | flat | — |`,
      "",
      `Samples every ${every} invokes (invokes: engine RSS MB, fds; helpers, their RSS MB, fds): ` +
        samples
          .map(
            (s) =>
              `${s.invokes}: ${f1(s.engineRssMb)}, ${s.engineFds}; ${s.helpers}, ${f1(s.helpersRssMb)}, ${s.helpersFds}`,
          )
          .join(" · "),
    ].join("\n");
    return { invokes, firstP50Ms, lastP50Ms, ratio, windows, samples, errors, wallS, table };
  } finally {
    t.agent.destroy();
    await srv.stop();
    start.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const f1 = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await soakBench();
  console.log(`\n## Soak: ${r.invokes} warm invokes\n`);
  console.log(r.table);
}
