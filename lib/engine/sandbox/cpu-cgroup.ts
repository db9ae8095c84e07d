import fs from "node:fs";
import path from "node:path";
import { killAndRemove, ownCgroupPath, removeParent, tryMakeParent } from "./cgroup-fs";

/*
 * CPU weights under cgroup v1 (issue 18, the first burst). bwrap --new-session calls setsid(), and
 * where the kernel groups sessions (sched_autogroup, for processes in the root cpu cgroup) each
 * sandbox is a scheduling group of its own weighing as much as the whole engine: the sandboxes'
 * nice 5 only counted inside their own group. During a burst of 50 cold starts the engine got ~1/50
 * of the CPU (measured: 2.2 s waiting to run against 0.19 s running in a 2.8 s burst), and since
 * libuv accepts one connection per event-loop turn, the burst's requests got in one every ~100 ms,
 * so late ones found environments that had already answered (17–25 environments for 50 invokes).
 *
 * So, where the cpu controller is writable: one parent for this engine, holding the engine process
 * (and what it starts without a sandbox: the spawn helper, slirp4netns) in `engine`, weighted far
 * above a sandbox, and each sandbox in a group of its own (joined with its memory cgroup, same
 * name). A sandbox still weighs as much as any other (a process-heavy function cannot crowd out the
 * others), and the engine runs as soon as it has work. Under cgroup v2 a sandbox's memory cgroup is
 * already its cpu group; elsewhere everything runs as before.
 *
 * Against the host's other processes the parent weighs one session, however many sandboxes it
 * holds. It used to weigh one per live sandbox (as the sandboxes had weighed as sessions of their
 * own), and a group's weight counts whether its members run or idle: with 16 environments the
 * engine alone outweighed a client on the same host 16 to 1, took the CPU whenever it woke, and
 * the client (the bench's 16 SDK callers, as a developer's tests or console would) fell behind:
 * 16-caller throughput 1,609–1,663 inv/s against 1,848–1,982 with one session (warm.mjs, two
 * interleaved pairs), the first burst unchanged (1,257–1,258 against 1,250–1,279 ms).
 */

const BASE = "/sys/fs/cgroup/cpu";
const SHARES = 1024; // the kernel's default weight: one session, one sandbox, this engine's parent
const ENGINE_SHARES = 262_144; // the largest cpu.shares

let parent: string | null | undefined;

/** Makes the parent and moves this process into its `engine` group, once; undefined if not here. */
export function setUpCpuGroups(): string | undefined {
  if (parent !== undefined) return parent ?? undefined;
  parent = null;
  const own = ownCgroupPath((f) => (f[1] ?? "").split(",").includes("cpu"));
  if (own === undefined || !fs.existsSync(path.join(BASE, "cpu.shares"))) return undefined;
  const home = path.join(BASE, own);
  const made = tryMakeParent(home, "cpu.shares", false, String(SHARES));
  if (!made) return undefined;
  const engine = path.join(made, "engine");
  try {
    fs.mkdirSync(engine);
    fs.writeFileSync(path.join(engine, "cpu.shares"), String(ENGINE_SHARES));
  } catch {
    for (const dir of [engine, made])
      try {
        fs.rmdirSync(dir);
      } catch {
        // not made, or not empty: swept as stale by the next engine
      }
    return undefined;
  }
  parent = made;
  joinEngineGroup(path.join(home, "cgroup.procs"), path.join(engine, "cgroup.procs"));
  process.once("exit", () => {
    // Back home first, with what inherited the group (the spawn helper, slirp4netns): removing
    // the groups kills what is left in them.
    try {
      const procs = fs.readFileSync(path.join(engine, "cgroup.procs"), "utf8");
      for (const pid of procs.split("\n").filter(Boolean))
        fs.writeFileSync(path.join(home, "cgroup.procs"), pid);
      fs.rmdirSync(engine);
    } catch {
      return;
    }
    removeParent(made, 200);
  });
  return made;
}

/**
 * Moves this process into the engine group, and then what it started meanwhile from its own cpu
 * group (the spawn helper; not a sandbox, which joined its own). Asynchronous: moving a process
 * costs the kernel 5-15 ms here (an RCU grace period per move), kept off the engine's start.
 */
function joinEngineGroup(homeProcs: string, engineProcs: string): void {
  fs.writeFile(engineProcs, String(process.pid), (err) => {
    if (err) return;
    let home: string[] = [];
    try {
      home = fs.readFileSync(homeProcs, "utf8").split("\n");
    } catch {
      return;
    }
    const stillHome = new Set(home.filter(Boolean));
    for (const child of childrenOfThisProcess())
      if (stillHome.has(child)) fs.writeFile(engineProcs, child, () => {});
  });
}

function childrenOfThisProcess(): string[] {
  try {
    return fs
      .readdirSync("/proc/self/task")
      .flatMap((tid) => fs.readFileSync(`/proc/self/task/${tid}/children`, "utf8").split(" "))
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Makes a sandbox's cpu cgroup; undefined where there is none to make (it runs as before). */
export function makeCpuGroup(name: string): string | undefined {
  const p = setUpCpuGroups();
  if (!p) return undefined;
  const dir = path.join(p, name);
  try {
    fs.mkdirSync(dir);
  } catch {
    return undefined;
  }
  return dir;
}

/** The cpu cgroup's procs file beside a memory cgroup's (same name), when one was made. */
export function cpuProcsFor(memoryProcsFile: string): string | undefined {
  if (!parent) return undefined;
  const file = path.join(parent, path.basename(path.dirname(memoryProcsFile)), "cgroup.procs");
  return fs.existsSync(file) ? file : undefined;
}

/** Removes a sandbox's cpu cgroup; false while the kernel still reaps its tasks. */
export function removeCpuGroup(dir: string | undefined): boolean {
  if (dir === undefined) return true;
  if (!fs.existsSync(dir)) return true;
  return killAndRemove(dir, 0);
}
