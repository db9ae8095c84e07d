import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Notes code deep inside a request's handler attaches to that request for the router's
 * observers (the audit trail copies them into the call's CloudTrail event as
 * additionalEventData), without the request being threaded through every service.
 */
export type RequestNotes = Record<string, unknown>;

const current = new AsyncLocalStorage<RequestNotes>();
/** Requests running with notes now: the storage (and its promise hooks) is on only while > 0. */
let running = 0;

/**
 * Runs a request's handler with a fresh, empty set of notes. While any runs, Node 20 tracks every
 * promise of the process for the storage; off again once none does (issue 18: invokes, which note
 * nothing, run outside it, and a console's reads must not leave every later invoke paying).
 */
export async function withRequestNotes<T>(notes: RequestNotes, run: () => Promise<T>): Promise<T> {
  running++;
  try {
    return await current.run(notes, run);
  } finally {
    if (--running === 0) current.disable();
  }
}

/** Adds a note to the request being handled; a no-op outside one (in-process calls, timers). */
export function noteOnRequest(key: string, value: unknown): void {
  const notes = current.getStore();
  if (notes) notes[key] = value;
}
