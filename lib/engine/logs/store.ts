import type { Db } from "../store/db";

/** Log groups and streams in SQLite, plus retention. Events live in events.ts. */

export interface LogGroupRow {
  name: string;
  created_at: number;
  retention_days: number | null;
}

export interface LogStreamRow {
  group_name: string;
  name: string;
  created_at: number;
  first_event_ts: number | null;
  last_event_ts: number | null;
  last_ingestion: number | null;
}

export type Clock = () => number;

const DAY_MS = 24 * 60 * 60 * 1000;

export class LogStore {
  private readonly getGroupStmt;
  private readonly insertGroupStmt;
  private readonly deleteGroupStmt;
  private readonly setRetentionStmt;
  private readonly storedBytesStmt;
  private readonly getStreamStmt;
  private readonly insertStreamStmt;
  private readonly deleteStreamStmt;
  private readonly expireEventsStmt;
  private readonly refreshStreamsStmt;
  private readonly retainedGroupsStmt;

  constructor(
    readonly db: Db,
    readonly now: Clock = Date.now,
  ) {
    this.getGroupStmt = db.prepare<[string], LogGroupRow>(
      "SELECT name, created_at, retention_days FROM log_groups WHERE name = ?",
    );
    this.insertGroupStmt = db.prepare(
      "INSERT OR IGNORE INTO log_groups (name, created_at) VALUES (?, ?)",
    );
    this.deleteGroupStmt = db.prepare("DELETE FROM log_groups WHERE name = ?");
    this.setRetentionStmt = db.prepare("UPDATE log_groups SET retention_days = ? WHERE name = ?");
    this.storedBytesStmt = db.prepare<[string], { bytes: number | null }>(
      "SELECT SUM(length(CAST(message AS BLOB))) AS bytes FROM log_events WHERE group_name = ?",
    );
    this.getStreamStmt = db.prepare<[string, string], LogStreamRow>(
      "SELECT * FROM log_streams WHERE group_name = ? AND name = ?",
    );
    this.insertStreamStmt = db.prepare(
      "INSERT OR IGNORE INTO log_streams (group_name, name, created_at) VALUES (?, ?, ?)",
    );
    this.deleteStreamStmt = db.prepare("DELETE FROM log_streams WHERE group_name = ? AND name = ?");
    this.expireEventsStmt = db.prepare("DELETE FROM log_events WHERE group_name = ? AND ts < ?");
    this.refreshStreamsStmt = db.prepare(`UPDATE log_streams SET
        first_event_ts = (SELECT MIN(ts) FROM log_events e WHERE e.group_name = log_streams.group_name AND e.stream_name = log_streams.name),
        last_event_ts = (SELECT MAX(ts) FROM log_events e WHERE e.group_name = log_streams.group_name AND e.stream_name = log_streams.name)
      WHERE group_name = ?`);
    this.retainedGroupsStmt = db.prepare<[], { name: string; retention_days: number }>(
      "SELECT name, retention_days FROM log_groups WHERE retention_days IS NOT NULL",
    );
  }

  getGroup(name: string): LogGroupRow | undefined {
    return this.getGroupStmt.get(name);
  }

  /** False when the group already existed. */
  createGroup(name: string): boolean {
    return this.insertGroupStmt.run(name, this.now()).changes > 0;
  }

  /** Streams and their events go with the group (ON DELETE CASCADE). */
  deleteGroup(name: string): boolean {
    return this.deleteGroupStmt.run(name).changes > 0;
  }

  setRetention(name: string, days: number | null): void {
    this.setRetentionStmt.run(days, name);
    if (days !== null) this.expireGroup(name);
  }

  storedBytes(name: string): number {
    return this.storedBytesStmt.get(name)?.bytes ?? 0;
  }

  /** Groups sorted by name, after `after` (exclusive), with a prefix or a case-insensitive substring. */
  listGroups(opts: {
    prefix?: string;
    pattern?: string;
    names?: string[];
    after?: string;
    limit: number;
  }): LogGroupRow[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.prefix) {
      where.push("substr(name, 1, ?) = ?");
      args.push(opts.prefix.length, opts.prefix);
    }
    if (opts.pattern) {
      where.push("instr(lower(name), lower(?)) > 0");
      args.push(opts.pattern);
    }
    if (opts.names !== undefined) {
      where.push(`name IN (${opts.names.map(() => "?").join(", ")})`);
      args.push(...opts.names);
    }
    if (opts.after !== undefined) {
      where.push("name > ?");
      args.push(opts.after);
    }
    const sql = `SELECT name, created_at, retention_days FROM log_groups ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY name LIMIT ?`;
    return this.db.prepare<(string | number)[], LogGroupRow>(sql).all(...args, opts.limit);
  }

  getStream(group: string, name: string): LogStreamRow | undefined {
    return this.getStreamStmt.get(group, name);
  }

  createStream(group: string, name: string): boolean {
    return this.insertStreamStmt.run(group, name, this.now()).changes > 0;
  }

  deleteStream(group: string, name: string): boolean {
    return this.deleteStreamStmt.run(group, name).changes > 0;
  }

  /**
   * Streams of a group ordered by name or by last event time (then name), after a cursor.
   * Streams without events sort as last event time 0, as on AWS.
   */
  listStreams(opts: {
    group: string;
    prefix?: string;
    orderBy: "LogStreamName" | "LastEventTime";
    descending: boolean;
    after?: { key: number | string; name: string };
    limit: number;
  }): LogStreamRow[] {
    const where = ["group_name = ?"];
    const args: (string | number)[] = [opts.group];
    if (opts.prefix) {
      where.push("substr(name, 1, ?) = ?");
      args.push(opts.prefix.length, opts.prefix);
    }
    const key = opts.orderBy === "LastEventTime" ? "COALESCE(last_event_ts, 0)" : "name";
    const cmp = opts.descending ? "<" : ">";
    const dir = opts.descending ? "DESC" : "ASC";
    if (opts.after) {
      where.push(`(${key}, name) ${cmp} (?, ?)`);
      args.push(opts.after.key, opts.after.name);
    }
    const sql = `SELECT * FROM log_streams WHERE ${where.join(" AND ")} ORDER BY ${key} ${dir}, name ${dir} LIMIT ?`;
    return this.db.prepare<(string | number)[], LogStreamRow>(sql).all(...args, opts.limit);
  }

  /** Deletes events older than the group's retention; returns how many went. */
  expireGroup(name: string): number {
    const group = this.getGroup(name);
    if (!group || group.retention_days === null) return 0;
    return this.expireBefore(name, this.now() - group.retention_days * DAY_MS);
  }

  /** The periodic sweep: every group with a retention policy. */
  expireAll(): number {
    let total = 0;
    for (const g of this.retainedGroupsStmt.all())
      total += this.expireBefore(g.name, this.now() - g.retention_days * DAY_MS);
    return total;
  }

  private expireBefore(group: string, cutoff: number): number {
    const removed = this.db.transaction(() => {
      const n = this.expireEventsStmt.run(group, cutoff).changes;
      if (n > 0) this.refreshStreamsStmt.run(group);
      return n;
    })();
    return removed;
  }
}
