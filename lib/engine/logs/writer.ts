import type { Db } from "../store/db";

export interface LogEventInput {
  timestamp: number;
  message: string;
}

/**
 * Appends events to a stream, creating the group and stream when missing (as Lambda's log
 * agent does on first invoke). Prepared statements are cached per database.
 */
export class LogWriter {
  private readonly insertGroup;
  private readonly insertStream;
  private readonly insertEvent;
  private readonly touchStream;
  private readonly appendTx;

  constructor(private readonly db: Db) {
    this.insertGroup = db.prepare(
      "INSERT OR IGNORE INTO log_groups (name, created_at) VALUES (?, ?)",
    );
    this.insertStream = db.prepare(
      "INSERT OR IGNORE INTO log_streams (group_name, name, created_at) VALUES (?, ?, ?)",
    );
    this.insertEvent = db.prepare(
      "INSERT INTO log_events (group_name, stream_name, ts, ingestion_time, message) VALUES (?, ?, ?, ?, ?)",
    );
    this.touchStream = db.prepare(`UPDATE log_streams SET
        first_event_ts = COALESCE(MIN(first_event_ts, @first), @first),
        last_event_ts = COALESCE(MAX(last_event_ts, @last), @last),
        last_ingestion = @now
      WHERE group_name = @group AND name = @stream`);
    this.appendTx = db.transaction((group: string, stream: string, events: LogEventInput[]) => {
      const now = Date.now();
      this.insertGroup.run(group, now);
      this.insertStream.run(group, stream, now);
      let first = Infinity;
      let last = -Infinity;
      for (const e of events) {
        this.insertEvent.run(group, stream, e.timestamp, now, e.message);
        first = Math.min(first, e.timestamp);
        last = Math.max(last, e.timestamp);
      }
      if (events.length > 0) this.touchStream.run({ first, last, now, group, stream });
    });
  }

  private readonly flushers = new Set<() => void>();

  /** Registers a buffer of pending events (e.g. the invoker's batcher); returns an unregister. */
  addFlusher(flush: () => void): () => void {
    this.flushers.add(flush);
    return () => this.flushers.delete(flush);
  }

  /** Writes every registered buffer now: readers call this so they never miss buffered lines. */
  flushPending(): void {
    for (const flush of this.flushers) flush();
  }

  append(group: string, stream: string, events: LogEventInput[]): void {
    this.appendTx(group, stream, events);
  }

  ensureGroup(group: string): void {
    this.insertGroup.run(group, Date.now());
  }
}
