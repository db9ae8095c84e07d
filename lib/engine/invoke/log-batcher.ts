import type { Db } from "../store/db";
import type { LogEventInput, LogWriter } from "../logs/writer";

/**
 * Collects log events from every environment and writes them in one transaction per event-loop
 * turn, so a warm invoke costs at most one SQLite write however many lines it prints.
 */
export class LogBatcher {
  private pending = new Map<string, { group: string; stream: string; events: LogEventInput[] }>();
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly writer: LogWriter,
  ) {}

  push(group: string, stream: string, event: LogEventInput): void {
    const key = `${group}\n${stream}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { group, stream, events: [] };
      this.pending.set(key, batch);
    }
    batch.events.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      // After the current I/O callbacks: lines read in the same turn join the same write.
      setImmediate(() => this.flush());
    }
  }

  /** Writes everything pending now. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.size === 0) return;
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
