// CPU and memory of processes from /proc (issue 18's benches): a process and its descendants, one
// process's threads (schedstat), and the engine's tree summed by kind of process.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const TICK_MS = 1000 / Number(spawnSync("getconf", ["CLK_TCK"]).stdout.toString().trim() || 100);

/** CPU time the whole machine spent busy (all cores, /proc/stat: all but idle and iowait), ms. */
export function machineBusyMs() {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = f.map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) * TICK_MS;
}
const statFields = (p) => {
  const s = fs.readFileSync(`/proc/${p}/stat`, "utf8");
  return s.slice(s.lastIndexOf(")") + 2).split(" ");
};
/** pid and its live descendants */
export function tree(pid) {
  const kids = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const pp = Number(statFields(d)[1]);
      if (!kids.has(pp)) kids.set(pp, []);
      kids.get(pp).push(Number(d));
    } catch {}
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(kids.get(out[i]) || []));
  return out;
}
/** user+system CPU of the process tree, ms */
export function cpuMs(pid) {
  let t = 0;
  for (const p of tree(pid)) {
    try {
      const f = statFields(p);
      t += (Number(f[11]) + Number(f[12])) * TICK_MS;
    } catch {}
  }
  return t;
}
/** One process's RSS, MB (0 once it is gone). */
export function processRssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
/**
 * One process's PSS, MB: its resident pages, each shared page divided among the processes that
 * map it (what a process costs the machine; RSS counts shared library pages in full each time).
 */
export function processPssMb(pid) {
  try {
    const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
/** RSS of the process tree, MB */
export function rssMb(pid) {
  return tree(pid).reduce((mb, p) => mb + processRssMb(p), 0);
}
/**
 * CPU of all of a process's threads so far, ms, from schedstat (nanoseconds; /proc/<pid>/stat's
 * ticks round a short-lived process down to 0). A thread that ends meanwhile counts 0; throws
 * when the process itself is gone.
 */
export function threadsCpuMs(pid) {
  let ns = 0;
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return ns / 1e6;
}
const readOr = (file) => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
};
/** What a process under the engine `enginePid` is: engine, spawn helper, runtimes, bwrap, … */
function processKind(p, enginePid) {
  if (p === enginePid) return "engine";
  const cmdline = readOr(`/proc/${p}/cmdline`);
  if (/spawn-helper/.test(cmdline)) return "spawn helper";
  const comm = readOr(`/proc/${p}/comm`).trim();
  // Started as a standby (pool or adopted by a cold start) or straight as the runtime client.
  if (comm === "node") return cmdline.includes("standby.mjs") ? "standby runtimes" : "runtimes";
  return comm || "other";
}
/** A per-kind sum of of(pid) over the engine's process tree (see processKind). */
export function byProcessKind(enginePid, of) {
  const out = {};
  for (const p of tree(enginePid)) {
    const kind = processKind(p, enginePid);
    out[kind] = (out[kind] ?? 0) + of(p);
  }
  return out;
}
/** CPU ms of the engine's process tree by kind; a process that ended meanwhile counts 0. */
export const cpuMsByProcessKind = (enginePid) =>
  byProcessKind(enginePid, (p) => {
    try {
      return threadsCpuMs(p);
    } catch {
      return 0;
    }
  });
/** What the engine runs once, whatever its environments: not part of any environment's cost. */
const FIXED_KINDS = new Set(["engine", "spawn helper", "docker-registry"]);
/**
 * Memory (`of`: RSS, or processPssMb) per execution environment under the engine `enginePid`:
 * everything in its tree but the fixed processes (so the runtimes, their bubblewrap processes,
 * slirp4netns), over the number of runtime processes (environments and standbys). undefined when
 * there is none.
 */
export function memoryPerEnvironmentMb(enginePid, of = processRssMb) {
  const rss = byProcessKind(enginePid, of);
  const count = byProcessKind(enginePid, () => 1);
  const envs = (count.runtimes ?? 0) + (count["standby runtimes"] ?? 0);
  if (envs === 0) return undefined;
  let mb = 0;
  for (const [kind, v] of Object.entries(rss)) if (!FIXED_KINDS.has(kind)) mb += v;
  return { mb: mb / envs, envs };
}
