import type { Db } from "../store/db";

/** One accepted Event invocation, as kept in SQLite until it is finished. */
export interface QueuedEvent {
  id: number;
  requestId: string;
  functionName: string;
  qualifier?: string;
  payload: Buffer;
  clientContext?: string;
  receivedAt: number;
  /** Executions that failed so far (throttles are not counted, as on Lambda). */
  attempts: number;
  dueAt: number;
}

export type NewEvent = Omit<QueuedEvent, "id" | "attempts" | "dueAt" | "receivedAt"> & {
  receivedAt?: number;
};

interface RawEvent {
  id: number;
  request_id: string;
  function_name: string;
  qualifier: string | null;
  payload: Buffer;
  client_context: string | null;
  received_at: number;
  attempts: number;
  due_at: number;
}

const toEvent = (r: RawEvent): QueuedEvent => ({
  id: r.id,
  requestId: r.request_id,
  functionName: r.function_name,
  ...(r.qualifier === null ? {} : { qualifier: r.qualifier }),
  payload: r.payload,
  ...(r.client_context === null ? {} : { clientContext: r.client_context }),
  receivedAt: r.received_at,
  attempts: r.attempts,
  dueAt: r.due_at,
});

/**
 * The durable Event queue (schema entry 2). An event is inserted before the 202 goes out and
 * deleted once it succeeded, was dropped or went to its destination: a crash loses nothing.
 */
export class EventQueueStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(
        "INSERT INTO async_events (request_id, function_name, qualifier, payload, client_context, received_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      due: db.prepare<[number, string, number], RawEvent>(
        "SELECT * FROM async_events WHERE running = 0 AND due_at <= ? AND function_name NOT IN (SELECT value FROM json_each(?)) ORDER BY due_at, id LIMIT ?",
      ),
      dueFor: db.prepare<[string, number], RawEvent>(
        "SELECT * FROM async_events WHERE running = 0 AND function_name = ? AND due_at <= ? ORDER BY due_at, id LIMIT 1",
      ),
      byId: db.prepare<[number], RawEvent>(
        "SELECT * FROM async_events WHERE id = ? AND running = 0",
      ),
      claim: db.prepare("UPDATE async_events SET running = 1 WHERE id = ? AND running = 0"),
      reschedule: db.prepare(
        "UPDATE async_events SET running = 0, due_at = ?, attempts = ? WHERE id = ?",
      ),
      del: db.prepare("DELETE FROM async_events WHERE id = ?"),
      reset: db.prepare("UPDATE async_events SET running = 0 WHERE running = 1"),
      next: db.prepare<[string], { t: number | null }>(
        "SELECT MIN(due_at) AS t FROM async_events WHERE running = 0 AND function_name NOT IN (SELECT value FROM json_each(?))",
      ),
      count: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM async_events"),
    };
  }

  insert(e: NewEvent): number {
    const now = e.receivedAt ?? Date.now();
    return Number(
      this.s.insert.run(
        e.requestId,
        e.functionName,
        e.qualifier ?? null,
        e.payload,
        e.clientContext ?? null,
        now,
        now,
      ).lastInsertRowid,
    );
  }

  /** Due events (except those of the functions skipped), each claimed (running = 1) so one worker runs it once. */
  claimDue(now: number, limit: number, skip: readonly string[] = []): QueuedEvent[] {
    const out: QueuedEvent[] = [];
    for (const r of this.s.due.all(now, JSON.stringify(skip), limit))
      if (this.s.claim.run(r.id).changes === 1) out.push(toEvent(r));
    return out;
  }

  /** That event, claimed, if it is still waiting (whatever its due time). */
  claimById(id: number): QueuedEvent | undefined {
    const r = this.s.byId.get(id);
    return r && this.s.claim.run(r.id).changes === 1 ? toEvent(r) : undefined;
  }

  /** The function's next due event, claimed. */
  claimNextDueFor(functionName: string, now: number): QueuedEvent | undefined {
    const r = this.s.dueFor.get(functionName, now);
    return r && this.s.claim.run(r.id).changes === 1 ? toEvent(r) : undefined;
  }

  reschedule(id: number, dueAt: number, attempts: number): void {
    this.s.reschedule.run(dueAt, attempts, id);
  }

  delete(id: number): void {
    this.s.del.run(id);
  }

  /** At start: events that were running when the engine died run again (at least once, as on Lambda). */
  resetRunning(): number {
    return this.s.reset.run().changes;
  }

  /** When the next waiting event (except those of the functions skipped) is due. */
  nextDueAt(skip: readonly string[] = []): number | undefined {
    return this.s.next.get(JSON.stringify(skip))?.t ?? undefined;
  }

  count(): number {
    return this.s.count.get()?.n ?? 0;
  }
}
