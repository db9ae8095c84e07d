import "server-only";
import { migrateModule, type ConsoleDb } from "../console-db/db";

/** Saved test events of a function, as the Test tab lists them (the Lambda console's "private" events). */
export interface SavedTestEvent {
  targetId: string;
  functionName: string;
  /** 1-25 of letters, digits, - and _ (the Lambda console's rule). */
  name: string;
  /** The event as JSON text, kept as the user wrote it. */
  json: string;
  /** Where it came from, e.g. "blueprint:hello-world-nodejs"; null when typed by a user. */
  source: string | null;
  updatedAt: string;
}

export const TEST_EVENT_NAME = /^[A-Za-z0-9_-]{1,25}$/;

// APPEND new steps; never edit a shipped one.
const SCHEMA: readonly string[] = [
  `CREATE TABLE test_events (
     target_id TEXT NOT NULL,
     function_name TEXT NOT NULL,
     name TEXT NOT NULL,
     json TEXT NOT NULL,
     source TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (target_id, function_name, name)
   )`,
];

interface Row {
  target_id: string;
  function_name: string;
  name: string;
  json: string;
  source: string | null;
  updated_at: string;
}

const toEvent = (r: Row): SavedTestEvent => ({
  targetId: r.target_id,
  functionName: r.function_name,
  name: r.name,
  json: r.json,
  source: r.source,
  updatedAt: r.updated_at,
});

export class TestEventStore {
  constructor(private readonly db: ConsoleDb) {
    migrateModule(db, "test-events", SCHEMA);
  }

  /** Creates or replaces the event of that name. Throws on a bad name or invalid JSON. */
  save(input: Omit<SavedTestEvent, "updatedAt">, now: Date = new Date()): SavedTestEvent {
    if (!TEST_EVENT_NAME.test(input.name))
      throw new Error(`Invalid test event name "${input.name}"`);
    JSON.parse(input.json);
    const row: Row = {
      target_id: input.targetId,
      function_name: input.functionName,
      name: input.name,
      json: input.json,
      source: input.source,
      updated_at: now.toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO test_events (target_id, function_name, name, json, source, updated_at)
         VALUES (@target_id, @function_name, @name, @json, @source, @updated_at)
         ON CONFLICT (target_id, function_name, name)
         DO UPDATE SET json = excluded.json, source = excluded.source, updated_at = excluded.updated_at`,
      )
      .run(row);
    return toEvent(row);
  }

  list(targetId: string, functionName: string): SavedTestEvent[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM test_events WHERE target_id = ? AND function_name = ? ORDER BY updated_at DESC, name",
      )
      .all(targetId, functionName) as Row[];
    return rows.map(toEvent);
  }

  get(targetId: string, functionName: string, name: string): SavedTestEvent | undefined {
    const row = this.db
      .prepare("SELECT * FROM test_events WHERE target_id = ? AND function_name = ? AND name = ?")
      .get(targetId, functionName, name) as Row | undefined;
    return row ? toEvent(row) : undefined;
  }

  delete(targetId: string, functionName: string, name: string): boolean {
    return (
      this.db
        .prepare("DELETE FROM test_events WHERE target_id = ? AND function_name = ? AND name = ?")
        .run(targetId, functionName, name).changes > 0
    );
  }
}
