import fs from "node:fs";
import path from "node:path";
import { makeCpuGroup, removeCpuGroup, setUpCpuGroups } from "./cpu-cgroup";
import { killAndRemove, ownCgroupPath, removeParent, tryMakeParent } from "./cgroup-fs";

/** Where per-environment memory cgroups can be made on this host, if anywhere. */
export interface CgroupSupport {
  version: 1 | 2;
  /** Our own parent cgroup directory; environments get child directories under it. */
  parent: string;
}

let detected: CgroupSupport | null | undefined;

/** Detects cgroup v1 (memory controller) or v2 (memory.max) support, once per process. */
export function detectCgroup(): CgroupSupport | undefined {
  if (detected !== undefined) return detected ?? undefined;
  detected = null;
  const v1 = ownCgroupPath((f) => (f[1] ?? "").split(",").includes("memory"));
  if (v1 !== undefined && fs.existsSync("/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
    const parent = tryMakeParent(path.join("/sys/fs/cgroup/memory", v1), "memory.limit_in_bytes");
    if (parent) detected = { version: 1, parent };
    // Before anything is started: the spawn helper and its children inherit the engine's weight.
    if (detected) setUpCpuGroups();
  }
  const v2 = ownCgroupPath((f) => f[0] === "0" && f[1] === "");
  if (!detected && v2 !== undefined && fs.existsSync("/sys/fs/cgroup/cgroup.controllers")) {
    const parent = tryMakeParent(path.join("/sys/fs/cgroup", v2), "memory.max", true);
    if (parent) detected = { version: 2, parent };
  }
  if (detected) {
    const parent = detected.parent;
    process.once("exit", () => removeParent(parent, 200));
  }
  return detected ?? undefined;
}

function readNumber(file: string): number | undefined {
  try {
    const n = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** One environment's memory cgroup: limit, peak usage, OOM detection, removal. */
export class MemoryCgroup {
  private constructor(
    readonly dir: string,
    private readonly version: 1 | 2,
    /** Its cpu cgroup (cgroup v1: another hierarchy), joined with it; see cpu-cgroup.ts. */
    private readonly cpuDir?: string,
  ) {}

  /**
   * Makes the cgroup with its limit. Synchronous underneath (the promise is kept for callers): on
   * this host 50 memory cgroups take the kernel ~0.1 ms each (p50; ~28 ms for all 50), while the
   * same five calls through libuv's four-thread pool waited 50–900 ms each behind the other file
   * work of a burst of cold starts, on every cold start's critical path (issue 18).
   */
  static create(
    support: CgroupSupport,
    name: string,
    limitMb: number,
  ): Promise<MemoryCgroup | undefined> {
    const dir = path.join(support.parent, name);
    const bytes = String(limitMb * 1024 * 1024);
    try {
      fs.mkdirSync(dir);
      if (support.version === 1) {
        fs.writeFileSync(path.join(dir, "memory.limit_in_bytes"), bytes);
        // Without swap accounting the limit alone would let the process swap instead of dying.
        const memsw = path.join(dir, "memory.memsw.limit_in_bytes");
        if (fs.existsSync(memsw)) fs.writeFileSync(memsw, bytes);
      } else {
        fs.writeFileSync(path.join(dir, "memory.max"), bytes);
        const swap = path.join(dir, "memory.swap.max");
        if (fs.existsSync(swap)) fs.writeFileSync(swap, "0");
      }
      const cpuDir = support.version === 1 ? makeCpuGroup(name) : undefined;
      return Promise.resolve(new MemoryCgroup(dir, support.version, cpuDir));
    } catch {
      try {
        fs.rmdirSync(dir);
      } catch {
        // nothing made, or nothing to undo
      }
      return Promise.resolve(undefined);
    }
  }

  /** Sets the limit of a live cgroup (a standby's, when it is assigned). */
  setLimitMb(limitMb: number): void {
    const bytes = String(limitMb * 1024 * 1024);
    try {
      if (this.version === 1) {
        // memsw must stay >= the limit: raise order matters, so write both in the safe order.
        const memsw = path.join(this.dir, "memory.memsw.limit_in_bytes");
        const hasSw = fs.existsSync(memsw);
        const current = readNumber(path.join(this.dir, "memory.limit_in_bytes")) ?? 0;
        if (hasSw && limitMb * 1024 * 1024 > current) fs.writeFileSync(memsw, bytes);
        fs.writeFileSync(path.join(this.dir, "memory.limit_in_bytes"), bytes);
        if (hasSw) fs.writeFileSync(memsw, bytes);
      } else {
        fs.writeFileSync(path.join(this.dir, "memory.max"), bytes);
      }
    } catch {
      // gone or refused: the limit set at creation stays
    }
  }

  get procsFile(): string {
    return path.join(this.dir, "cgroup.procs");
  }

  private peakFd: number | undefined;
  private readonly peakBuf = Buffer.alloc(32);

  /** Peak memory use in bytes over the environment's life (read on every invoke: one pread). */
  peakBytes(): number | undefined {
    try {
      this.peakFd ??= fs.openSync(
        path.join(this.dir, this.version === 1 ? "memory.max_usage_in_bytes" : "memory.peak"),
        "r",
      );
      const n = Number(
        this.peakBuf.toString("latin1", 0, fs.readSync(this.peakFd, this.peakBuf, 0, 32, 0)),
      );
      return Number.isFinite(n) ? n : undefined;
    } catch {
      return undefined;
    }
  }

  /** True when the kernel's OOM killer acted in this cgroup. */
  oomKilled(): boolean {
    const file = this.version === 1 ? "memory.oom_control" : "memory.events";
    try {
      const m = /oom_kill (\d+)/.exec(fs.readFileSync(path.join(this.dir, file), "utf8"));
      if (m) return Number(m[1]) > 0;
    } catch {
      // fall through to failcnt
    }
    return this.version === 1 && (readNumber(path.join(this.dir, "memory.failcnt")) ?? 0) > 0;
  }

  private removed: Promise<void> | undefined;

  /**
   * Kills whatever is left and removes the directory (retrying while the kernel reaps); resolves
   * once it is gone (or after ~2 s of tries). Idempotent.
   */
  remove(): Promise<void> {
    if (this.peakFd !== undefined) {
      fs.closeSync(this.peakFd);
      this.peakFd = undefined;
    }
    const gone = () => killAndRemove(this.dir, 0) && removeCpuGroup(this.cpuDir);
    this.removed ??= gone()
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const attempt = (left: number) => {
            if (gone() || left <= 0) resolve();
            else setTimeout(() => attempt(left - 1), 50).unref();
          };
          setTimeout(() => attempt(40), 20).unref();
        });
    return this.removed;
  }
}
