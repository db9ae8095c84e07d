import type { Db } from "../store/db";
import type { EventResource } from "./parameters";
import type { AuditEvent } from "./record";

export type LookupKey =
  | "EventId"
  | "EventName"
  | "ReadOnly"
  | "Username"
  | "ResourceType"
  | "ResourceName"
  | "EventSource"
  | "AccessKeyId";

export interface LookupQuery {
  attribute?: { key: LookupKey; value: string };
  /** Inclusive epoch ms bounds. */
  startMs: number;
  endMs: number;
  /** Rows below this one (the next page). */
  beforeRow?: number;
  limit: number;
}

export interface StoredEvent {
  row: number;
  eventId: string;
  eventTime: number;
  eventSource: string;
  eventName: string;
  username: string;
  accessKeyId: string;
  resources: EventResource[];
  record: string;
}

interface Row {
  id: number;
  event_id: string;
  event_time: number;
  event_source: string;
  event_name: string;
  username: string;
  access_key_id: string;
  record: string;
}

const ATTRIBUTE_CLAUSES: Record<LookupKey, string> = {
  EventId: "e.event_id = @value",
  EventName: "e.event_name = @value",
  EventSource: "e.event_source = @value",
  // CloudTrail matches the user name; the principal's ARN is accepted too.
  Username: "(e.username = @value OR e.principal_arn = @value)",
  AccessKeyId: "e.access_key_id = @value",
  // Only write events are recorded.
  ReadOnly: "@value = 'false'",
  ResourceName:
    "EXISTS (SELECT 1 FROM audit_event_resources r WHERE r.event_row = e.id AND r.name = @value)",
  ResourceType:
    "EXISTS (SELECT 1 FROM audit_event_resources r WHERE r.event_row = e.id AND r.type = @value)",
};

/** The audit_events tables (schema.ts): append, look up newest first, prune. */
export class AuditStore {
  private readonly insertEvent;
  private readonly insertResource;
  private readonly resourcesOf;

  constructor(private readonly db: Db) {
    this.insertEvent = db.prepare(
      `INSERT INTO audit_events (event_id, event_time, event_source, event_name, username,
         principal_arn, access_key_id, error_code, record)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertResource = db.prepare(
      "INSERT INTO audit_event_resources (event_row, type, name) VALUES (?, ?, ?)",
    );
    this.resourcesOf = db.prepare(
      "SELECT type, name FROM audit_event_resources WHERE event_row = ? ORDER BY rowid",
    );
  }

  /** Writes a batch in one transaction. */
  append(events: AuditEvent[]): void {
    if (events.length === 0) return;
    this.db.transaction(() => {
      for (const e of events) {
        const info = this.insertEvent.run(
          e.eventId,
          e.eventTime,
          e.eventSource,
          e.eventName,
          e.username,
          e.principalArn,
          e.accessKeyId,
          e.errorCode,
          JSON.stringify(e.record),
        );
        for (const r of e.resources)
          this.insertResource.run(info.lastInsertRowid, r.ResourceType, r.ResourceName);
      }
    })();
  }

  /** Newest first, `limit` rows at most. */
  lookup(q: LookupQuery): StoredEvent[] {
    const where = ["e.event_time >= @start", "e.event_time <= @end"];
    if (q.beforeRow !== undefined) where.push("e.id < @before");
    if (q.attribute) where.push(ATTRIBUTE_CLAUSES[q.attribute.key]);
    const rows = this.db
      .prepare(
        `SELECT e.id, e.event_id, e.event_time, e.event_source, e.event_name, e.username,
           e.access_key_id, e.record
         FROM audit_events e WHERE ${where.join(" AND ")} ORDER BY e.id DESC LIMIT @limit`,
      )
      .all({
        start: q.startMs,
        end: q.endMs,
        before: q.beforeRow ?? 0,
        value: q.attribute?.value ?? "",
        limit: q.limit,
      }) as Row[];
    return rows.map((r) => ({
      row: r.id,
      eventId: r.event_id,
      eventTime: r.event_time,
      eventSource: r.event_source,
      eventName: r.event_name,
      username: r.username,
      accessKeyId: r.access_key_id,
      resources: (this.resourcesOf.all(r.id) as { type: string; name: string }[]).map((x) => ({
        ResourceType: x.type,
        ResourceName: x.name,
      })),
      record: r.record,
    }));
  }

  /** Drops events older than `cutoffMs` and all but the newest `maxEvents`; returns how many. */
  prune(cutoffMs: number, maxEvents: number): number {
    return this.db.transaction(() => {
      let removed = this.db
        .prepare("DELETE FROM audit_events WHERE event_time < ?")
        .run(cutoffMs).changes;
      const keepFrom = this.db
        .prepare("SELECT id FROM audit_events ORDER BY id DESC LIMIT 1 OFFSET ?")
        .pluck()
        .get(Math.max(maxEvents - 1, 0)) as number | undefined;
      if (keepFrom !== undefined)
        removed += this.db.prepare("DELETE FROM audit_events WHERE id < ?").run(keepFrom).changes;
      return removed;
    })();
  }

  count(): number {
    return this.db.prepare("SELECT COUNT(*) FROM audit_events").pluck().get() as number;
  }
}
