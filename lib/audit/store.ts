import type { ConsoleDb } from "../console-db/db";
import { migrateModule } from "../console-db/db";

export type AuditResult = "ok" | "refused" | "error";

export interface AuditEntry {
  id: number;
  time: string;
  /** The signed-in user's id (OIDC sub), or "anonymous". */
  actor: string;
  actorName: string | null;
  role: string | null;
  /** The action's name, e.g. "functions.delete". */
  action: string;
  /** The target the console pointed at ("local", "aws:prod/eu-west-1"). */
  target: string | null;
  /** What was acted on, e.g. a function name or ARN. */
  resource: string | null;
  result: AuditResult;
  message: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, "id" | "time"> & { time?: string };

export interface AuditQuery {
  actor?: string;
  action?: string;
  result?: AuditResult;
  resource?: string;
  /** ISO times, inclusive. */
  since?: string;
  until?: string;
  limit?: number;
  /** Entries with an id below this (the "older" page). */
  beforeId?: number;
}

const AUDIT_SCHEMA = [
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     time TEXT NOT NULL,
     actor TEXT NOT NULL,
     actor_name TEXT,
     role TEXT,
     action TEXT NOT NULL,
     target TEXT,
     resource TEXT,
     result TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'error')),
     message TEXT
   );
   CREATE INDEX audit_log_time ON audit_log (time);
   CREATE INDEX audit_log_actor ON audit_log (actor, id);
   CREATE INDEX audit_log_action ON audit_log (action, id)`,
];

interface Row {
  id: number;
  time: string;
  actor: string;
  actor_name: string | null;
  role: string | null;
  action: string;
  target: string | null;
  resource: string | null;
  result: AuditResult;
  message: string | null;
}

const MAX_MESSAGE = 2000;

/** The audit log in the console's SQLite: append-only from the app's point of view. */
export class AuditStore {
  constructor(private readonly db: ConsoleDb) {
    migrateModule(db, "audit", AUDIT_SCHEMA);
  }

  record(entry: NewAuditEntry): AuditEntry {
    const time = entry.time ?? new Date().toISOString();
    const message = entry.message === null ? null : entry.message.slice(0, MAX_MESSAGE);
    const info = this.db
      .prepare(
        `INSERT INTO audit_log (time, actor, actor_name, role, action, target, resource, result, message)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        time,
        entry.actor,
        entry.actorName,
        entry.role,
        entry.action,
        entry.target,
        entry.resource,
        entry.result,
        message,
      );
    return { ...entry, id: Number(info.lastInsertRowid), time, message };
  }

  /** Newest first. actor/action/resource match exactly or, with a trailing "*", by prefix. */
  query(q: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const match = (column: string, value: string | undefined) => {
      if (!value) return;
      if (value.endsWith("*")) {
        where.push(`${column} LIKE ? ESCAPE '\\'`);
        args.push(value.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`) + "%");
      } else {
        where.push(`${column} = ?`);
        args.push(value);
      }
    };
    match("actor", q.actor);
    match("action", q.action);
    match("resource", q.resource);
    const add = (clause: string, value: string | number | undefined) => {
      if (value === undefined || value === "") return;
      where.push(clause);
      args.push(value);
    };
    add("result = ?", q.result);
    add("time >= ?", q.since);
    add("time <= ?", q.until);
    add("id < ?", q.beforeId);
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 100), 1), 1000);
    const sql = `SELECT * FROM audit_log ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit) as Row[];
    return rows.map((r) => ({
      id: r.id,
      time: r.time,
      actor: r.actor,
      actorName: r.actor_name,
      role: r.role,
      action: r.action,
      target: r.target,
      resource: r.resource,
      result: r.result,
      message: r.message,
    }));
  }

  /** Distinct actors and actions, for the Audit page's filter menus. */
  facets(): { actors: string[]; actions: string[] } {
    const actors = this.db
      .prepare("SELECT DISTINCT actor FROM audit_log ORDER BY actor")
      .pluck()
      .all() as string[];
    const actions = this.db
      .prepare("SELECT DISTINCT action FROM audit_log ORDER BY action")
      .pluck()
      .all() as string[];
    return { actors, actions };
  }
}
