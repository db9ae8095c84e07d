import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Notes code deep inside a request's handler attaches to that request for the router's
 * observers (the audit trail copies them into the call's CloudTrail event as
 * additionalEventData), without the request being threaded through every service.
 */
export type RequestNotes = Record<string, unknown>;

const current = new AsyncLocalStorage<RequestNotes>();

/** Runs a request's handler with a fresh, empty set of notes. */
export function withRequestNotes<T>(notes: RequestNotes, run: () => T): T {
  return current.run(notes, run);
}

/** Adds a note to the request being handled; a no-op outside one (in-process calls, timers). */
export function noteOnRequest(key: string, value: unknown): void {
  const notes = current.getStore();
  if (notes) notes[key] = value;
}
