import type { Db } from "../store/db";
import type { LogEventInput, LogWriter } from "./writer";

/**
 * At most one log transaction per this many ms. A commit costs more than the rows it writes (the
 * WAL gets the same hot pages again, and checkpoints follow the pages written): at 25 ms the log
 * writes were the largest JavaScript cost of a warm invoke (issue 18). Readers flush first.
 */
const MIN_FLUSH_INTERVAL_MS = 100;

/**
 * Collects log events from every environment and writes them in few transactions: at most one per
 * MIN_FLUSH_INTERVAL_MS, so sequential warm invokes share writes. Log readers flush first
 * (LogWriter.flushPending), so nothing printed before a read is missed.
 */
export class LogBatcher {
  private pending = new Map<string, { group: string; stream: string; events: LogEventInput[] }>();
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private lastFlush = 0;
  readonly unregister: () => void;

  constructor(
    private readonly db: Db,
    private readonly writer: LogWriter,
  ) {
    this.unregister = writer.addFlusher(() => this.flush());
  }

  push(group: string, stream: string, event: LogEventInput): void {
    const key = `${group}\n${stream}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { group, stream, events: [] };
      this.pending.set(key, batch);
    }
    batch.events.push(event);
    if (this.timer === undefined) {
      // Never sooner than after the current I/O callbacks: lines of one turn share a write.
      const wait = this.lastFlush + MIN_FLUSH_INTERVAL_MS - performance.now();
      this.timer =
        wait > 0 ? setTimeout(() => this.flush(), wait) : setImmediate(() => this.flush());
    }
  }

  /** Writes everything pending now. */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    if (this.pending.size === 0) return;
    this.lastFlush = performance.now();
    const batches = [...this.pending.values()];
    this.pending = new Map();
    try {
      this.db.transaction(() => {
        for (const b of batches) this.writer.append(b.group, b.stream, b.events);
      })();
    } catch (err) {
      // The store may be closed during shutdown; log lines are not worth crashing for.
      if (this.db.open) console.error("[engine] could not write log events", err);
    }
  }
}
