import { AwsError } from "../http/types";

/**
 * Event invocations, run in the background. In memory for now (the durable SQLite queue with
 * Lambda's retry, age and destination rules comes later): an event is kept and retried while
 * it is throttled, and dropped only when the engine stops.
 */
export class AsyncQueue<T> {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private disposed = false;

  constructor(private readonly run: (item: T) => Promise<void>) {}

  enqueue(item: T): void {
    this.attempt(item, 0);
  }

  private attempt(item: T, throttles: number): void {
    if (this.disposed) return;
    const p = this.run(item).catch((err: unknown) => {
      if (err instanceof AwsError && err.status === 429) {
        // Throttled: back off (1 s doubling to 30 s) and keep the event, as Lambda does for hours.
        const t = setTimeout(
          () => {
            this.timers.delete(t);
            this.attempt(item, throttles + 1);
          },
          Math.min(30_000, 1000 * 2 ** throttles),
        );
        this.timers.add(t);
        return;
      }
      console.error("[engine] async invocation failed", err);
    });
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /** Number of events waiting or running (for tests and the console). */
  get size(): number {
    return this.timers.size + this.running.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
