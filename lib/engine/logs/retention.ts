import type { LogStore } from "./store";

/** The retention values PutRetentionPolicy accepts (days). */
export const RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

/**
 * Runs the retention sweep every `intervalMs` (reads also expire their group first, so an
 * expired event is never served between sweeps). Returns the stop function.
 */
export function startRetentionSweep(store: LogStore, intervalMs = 60_000): () => void {
  const timer = setInterval(() => {
    try {
      store.expireAll();
    } catch (err) {
      // A busy or closing database must not crash the engine; the next sweep retries.
      console.error("[engine] log retention sweep failed", err);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
