/** Paging tokens: opaque to clients, but stable and self-describing so they survive a restart. */

/** A position in a stream or group: events are ordered by (timestamp, insertion id). */
export interface EventCursor {
  ts: number;
  id: number;
}

const TS_DIGITS = 20;
const ID_DIGITS = 36;

function digits(c: EventCursor): string {
  return (
    String(Math.max(0, c.ts)).padStart(TS_DIGITS, "0") +
    String(Math.max(0, c.id)).padStart(ID_DIGITS, "0")
  );
}

/** GetLogEvents tokens look like AWS's: "f/<56 digits>/s" and "b/<56 digits>/s". */
export function encodeStreamToken(direction: "f" | "b", c: EventCursor): string {
  return `${direction}/${digits(c)}/s`;
}

export function decodeStreamToken(
  token: string,
): { direction: "f" | "b"; cursor: EventCursor } | undefined {
  const m = /^([fb])\/(\d{20})(\d{36})\/s$/.exec(token);
  if (!m || (m[1] !== "f" && m[1] !== "b")) return undefined;
  return { direction: m[1], cursor: { ts: Number(m[2]), id: Number(m[3]) } };
}

/** FilterLogEvents' eventId: 56 digits that sort as the events do. */
export function eventIdFor(c: EventCursor): string {
  return digits(c);
}

/** Opaque nextToken for list operations: base64url JSON of a small record. */
export function encodeToken(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeToken(token: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    return value as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
