import fs from "node:fs";
import path from "node:path";

// Cgroup file-system helpers shared by the memory (cgroup.ts) and cpu (cpu-cgroup.ts) cgroups.

export function ownCgroupPath(controllerLine: (fields: string[]) => boolean): string | undefined {
  try {
    for (const line of fs.readFileSync("/proc/self/cgroup", "utf8").split("\n")) {
      const fields = line.split(":");
      if (fields.length >= 3 && controllerLine(fields)) return fields.slice(2).join(":");
    }
  } catch {
    // no /proc: no cgroups
  }
  return undefined;
}

export function killAndRemove(dir: string, waitMs: number): boolean {
  try {
    for (const pid of fs.readFileSync(path.join(dir, "cgroup.procs"), "utf8").split("\n")) {
      if (pid) process.kill(Number(pid), "SIGKILL");
    }
  } catch {
    // empty or gone
  }
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      fs.rmdirSync(dir);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return true;
      // The kernel needs a moment to reap killed tasks; only at exit is a short spin acceptable.
      if (code !== "EBUSY" || Date.now() >= until) return false;
    }
  }
}

const PARENT_NAME = /^lambda-console-(\d+)$/;

/** Whether `pid` surely no longer exists (not EPERM: another user's live process). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes a parent made by this module and every group under it, deepest first, e.g. at exit or
 * when stale. An engine started from inside another's `engine` group (a test process running an
 * engine spawns another) nests its parent there: a nested parent of a live engine is left alone,
 * and keeps the one around it.
 */
export function removeParent(parent: string, waitMs: number): boolean {
  try {
    for (const e of fs.readdirSync(parent, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const nested = PARENT_NAME.exec(e.name);
      if (nested && !gone(Number(nested[1]))) continue;
      removeParent(path.join(parent, e.name), waitMs);
    }
  } catch {
    return false;
  }
  return killAndRemove(parent, waitMs);
}

/**
 * Parents left by engines that died without cleaning up (their pid is gone). A start does not wait
 * for the kernel to reap what it killed in them: what is still busy is tried again once, later.
 */
function sweepStale(base: string, retry = true): void {
  let left = false;
  try {
    for (const name of fs.readdirSync(base)) {
      const m = PARENT_NAME.exec(name);
      if (!m || Number(m[1]) === process.pid || !gone(Number(m[1]))) continue;
      if (!removeParent(path.join(base, name), 0)) left = true;
    }
  } catch {
    // unreadable: nothing to sweep
  }
  if (left && retry) setTimeout(() => sweepStale(base, false), 1000).unref();
}

export function tryMakeParent(
  base: string,
  limitFile: string,
  enableV2 = false,
  probeValue = String(64 * 1024 * 1024),
): string | undefined {
  sweepStale(base);
  const parent = path.join(base, `lambda-console-${process.pid}`);
  try {
    fs.mkdirSync(parent, { recursive: true });
    if (enableV2) fs.writeFileSync(path.join(parent, "cgroup.subtree_control"), "+memory");
    // Probe: a child must expose a writable limit file, else limits cannot be enforced.
    const probe = path.join(parent, "probe");
    fs.mkdirSync(probe, { recursive: true });
    const ok = fs.existsSync(path.join(probe, limitFile));
    if (ok) fs.writeFileSync(path.join(probe, limitFile), probeValue);
    fs.rmdirSync(probe);
    if (ok) return parent;
  } catch {
    // not writable here
  }
  try {
    fs.rmdirSync(parent);
  } catch {
    // keep going
  }
  return undefined;
}
