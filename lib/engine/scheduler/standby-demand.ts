/** How often a key's cold starts are counted together as one burst. */
const WINDOW_MS = 1000;

interface Demand {
  /** Cold starts of the key in the current window. */
  inWindow: number;
  windowAt: number;
  /** Highest count seen in a window, halved toward the floor once idle for decayMs. */
  peak: number;
  lastAt: number;
}

/**
 * Standbys sized from observed demand (issue 18): each key's target is its recent peak of cold
 * starts within one second (a burst, or back-to-back cold starts: both drain the pool before a
 * refill boots), at least the configured count (floor), at most the cap.
 */
export class StandbyDemand {
  private readonly byKey = new Map<string, Demand>();

  constructor(
    private readonly floor: number,
    private readonly cap: number,
    private readonly decayMs: number,
  ) {}

  /** A cold start of the key (served by a standby or not). */
  record(ks: string, now = Date.now()): void {
    const d = this.byKey.get(ks) ?? { inWindow: 0, windowAt: now, peak: 0, lastAt: now };
    if (now - d.windowAt >= WINDOW_MS) {
      d.inWindow = 0;
      d.windowAt = now;
    }
    d.inWindow++;
    d.peak = Math.max(d.peak, d.inWindow);
    d.lastAt = now;
    this.byKey.set(ks, d);
  }

  /** Standbys the key should have now. */
  target(ks: string): number {
    const peak = this.byKey.get(ks)?.peak ?? 0;
    return Math.max(this.floor, Math.min(this.cap, peak));
  }

  /** Halves the peak of keys idle for decayMs; true when some target went down. */
  decay(now = Date.now()): boolean {
    let changed = false;
    for (const [ks, d] of this.byKey) {
      if (now - d.lastAt < this.decayMs || d.peak <= this.floor) continue;
      d.peak = Math.max(this.floor, Math.floor(d.peak / 2));
      d.lastAt = now;
      changed = true;
      if (d.peak <= this.floor) this.byKey.delete(ks);
    }
    return changed;
  }

  forget(ks: string): void {
    this.byKey.delete(ks);
  }
}
