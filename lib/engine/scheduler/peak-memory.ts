import type { MemoryCgroup } from "../sandbox/cgroup";
import { processTreePeakBytes } from "../sandbox/memory-usage";

/** An environment's Max Memory Used: sampled while it lives, frozen when it ends. */
export class PeakMemory {
  private final: number | undefined;
  private tree: { at: number; bytes: number } | undefined;

  /** Peak memory use in MB, measured by the cgroup or the process tree's high-water mark. */
  mb(pid: number | undefined, cgroup: MemoryCgroup | undefined): number {
    if (this.final !== undefined) return this.final;
    // The cgroup misses pages first charged elsewhere (shared libraries); the tree's high-water
    // mark misses tmpfs; Lambda's figure is closest to the larger of the two.
    const now = Date.now();
    if (pid && (this.tree === undefined || now - this.tree.at > 1000)) {
      // Walking /proc costs a few file reads: at most once a second on the warm path.
      this.tree = { at: now, bytes: processTreePeakBytes(pid) };
    }
    const bytes = Math.max(cgroup?.peakBytes() ?? 0, this.tree?.bytes ?? 0);
    return Math.max(1, Math.round(bytes / (1024 * 1024)));
  }

  /** The last figure, kept once the process and its cgroup are gone. */
  freeze(pid: number | undefined, cgroup: MemoryCgroup | undefined): void {
    this.final = this.mb(pid, cgroup);
  }
}
