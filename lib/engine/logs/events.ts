import type { Db } from "../store/db";
import type { CompiledFilterPattern } from "./filter-pattern";
import { startTimeBudget, type TimeBudget } from "./time-budget";
import type { EventCursor } from "./tokens";

/** Event reads: one stream in either direction (GetLogEvents), or a whole group filtered (FilterLogEvents). */

export interface EventRow {
  id: number;
  ts: number;
  ingestion_time: number;
  message: string;
  stream_name: string;
}

/** AWS caps a GetLogEvents / FilterLogEvents response at 1 MB of messages (plus 26 bytes each). */
const MAX_RESPONSE_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;

export function eventBytes(message: string): number {
  return Buffer.byteLength(message, "utf8") + EVENT_OVERHEAD;
}

export interface StreamPageQuery {
  group: string;
  stream: string;
  /** Inclusive. */
  startTime?: number;
  /** Exclusive, as GetLogEvents documents. */
  endTime?: number;
  /** "forward": events after `cursor` (or the first ones); "backward": events before `cursor` (or the last ones). */
  direction: "forward" | "backward";
  cursor?: EventCursor;
  limit: number;
}

/** Returns events in ascending order whatever the direction. */
export function readStreamPage(db: Db, q: StreamPageQuery): EventRow[] {
  const where = ["group_name = ?", "stream_name = ?"];
  const args: number[] = [];
  if (q.startTime !== undefined) {
    where.push("ts >= ?");
    args.push(q.startTime);
  }
  if (q.endTime !== undefined) {
    where.push("ts < ?");
    args.push(q.endTime);
  }
  const forward = q.direction === "forward";
  if (q.cursor) {
    where.push(`(ts, id) ${forward ? ">" : "<"} (?, ?)`);
    args.push(q.cursor.ts, q.cursor.id);
  }
  const order = forward ? "ASC" : "DESC";
  const sql = `SELECT id, ts, ingestion_time, message, stream_name FROM log_events WHERE ${where.join(" AND ")}
    ORDER BY ts ${order}, id ${order} LIMIT ?`;
  const rows = db
    .prepare<(string | number)[], EventRow>(sql)
    .all(q.group, q.stream, ...args, q.limit);
  const capped = capBytes(rows);
  return forward ? capped : capped.reverse();
}

function capBytes(rows: EventRow[]): EventRow[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) break;
    bytes += eventBytes(row.message);
    if (bytes > MAX_RESPONSE_BYTES && i > 0) return rows.slice(0, i);
  }
  return rows;
}

export interface FilterQuery {
  group: string;
  streams?: string[];
  streamPrefix?: string;
  /** Inclusive. */
  startTime?: number;
  /** Inclusive, as FilterLogEvents documents. */
  endTime?: number;
  after?: EventCursor;
  pattern: CompiledFilterPattern;
  limit: number;
  /** When spent, answer with what was found and a cursor (AWS also answers partial pages). */
  budget?: TimeBudget;
}

export interface FilterResult {
  events: EventRow[];
  /** Where to resume, when there may be more: every event up to it has been returned or rejected. */
  next?: EventCursor;
}

/**
 * Scans a group's events in (timestamp, id) order. Time range, streams and the pattern's
 * required substrings (instr, case-sensitive) run in SQL; the full pattern runs here, within
 * the budget (by default MATCH_BUDGET_MS of wall time, checked after every event).
 */
export function filterEvents(db: Db, q: FilterQuery): FilterResult {
  const where = ["group_name = ?"];
  const args: (string | number)[] = [q.group];
  if (q.streams && q.streams.length > 0) {
    where.push(`stream_name IN (${q.streams.map(() => "?").join(", ")})`);
    args.push(...q.streams);
  }
  if (q.streamPrefix) {
    where.push("substr(stream_name, 1, ?) = ?");
    args.push(q.streamPrefix.length, q.streamPrefix);
  }
  if (q.startTime !== undefined) {
    where.push("ts >= ?");
    args.push(q.startTime);
  }
  if (q.endTime !== undefined) {
    where.push("ts <= ?");
    args.push(q.endTime);
  }
  for (const s of q.pattern.requiredSubstrings) {
    where.push("instr(message, ?) > 0");
    args.push(s);
  }
  const budget = q.budget ?? startTimeBudget();
  // Everything up to `decided` (in scan order) was returned or rejected; nothing after it was.
  let decided: EventCursor = q.after ?? { ts: -1, id: 0 };
  // Rows come one at a time, so a page cut short by the budget reads no more than it matched.
  const rows = db
    .prepare<(string | number)[], EventRow>(
      `SELECT id, ts, ingestion_time, message, stream_name FROM log_events
        WHERE ${where.join(" AND ")} AND (ts, id) > (?, ?) ORDER BY ts, id`,
    )
    .iterate(...args, decided.ts, decided.id);
  const events: EventRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (q.pattern.match(row.message)) {
      // A match that does not fit proves there is more; the next page starts with it.
      if (events.length >= q.limit) return { events, next: decided };
      bytes += eventBytes(row.message);
      if (bytes > MAX_RESPONSE_BYTES && events.length > 0) return { events, next: decided };
      events.push(row);
    }
    decided = { ts: row.ts, id: row.id };
    // Checked after the row, so every page decides at least one and paging always advances.
    if (budget.spent()) return { events, next: decided };
  }
  return { events };
}
