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

/** Removes a parent made by this module (and its environments), e.g. at exit or when stale. */
export function removeParent(parent: string, waitMs: number): void {
  try {
    for (const e of fs.readdirSync(parent, { withFileTypes: true })) {
      if (e.isDirectory()) killAndRemove(path.join(parent, e.name), waitMs);
    }
  } catch {
    return;
  }
  killAndRemove(parent, waitMs);
}

/** Parents left by engines that died without cleaning up (their pid is gone). */
function sweepStale(base: string): void {
  try {
    for (const name of fs.readdirSync(base)) {
      const m = /^lambda-console-(\d+)$/.exec(name);
      if (!m || Number(m[1]) === process.pid) continue;
      try {
        process.kill(Number(m[1]), 0);
      } catch (err) {
        // Only a pid that surely does not exist (not EPERM) marks the parent as stale.
        if ((err as NodeJS.ErrnoException).code === "ESRCH")
          removeParent(path.join(base, name), 50);
      }
    }
  } catch {
    // unreadable: nothing to sweep
  }
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
