/**
 * A log message with its JSON part pretty-printed: the whole message, or the part after Lambda's
 * "<time>\t<request id>\t<LEVEL>\t" prefix. Returns undefined when there is no JSON object.
 */
export function prettyJson(message: string): { prefix: string; json: string } | undefined {
  const text = message.trimEnd();
  const candidates: [string, string][] = [["", text]];
  const tab = text.lastIndexOf("\t");
  if (tab !== -1) candidates.push([text.slice(0, tab + 1), text.slice(tab + 1)]);
  for (const [prefix, body] of candidates) {
    const t = body.trim();
    if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]")))
      continue;
    try {
      return { prefix, json: JSON.stringify(JSON.parse(t), null, 2) };
    } catch {
      // not JSON after all
    }
  }
  return undefined;
}

export const TIME_RANGES = {
  "5m": 5 * 60_000,
  "15m": 15 * 60_000,
  "1h": 3600_000,
  "3h": 3 * 3600_000,
  "12h": 12 * 3600_000,
  "1d": 24 * 3600_000,
  "7d": 7 * 24 * 3600_000,
} as const;
export type TimeRange = keyof typeof TIME_RANGES;

export function parseRange(value: string | undefined, fallback: TimeRange = "1h"): TimeRange {
  return value && Object.hasOwn(TIME_RANGES, value) ? (value as TimeRange) : fallback;
}

/** Merges new events into a sorted list, dropping ids already present. */
export function mergeEvents<T extends { id: string; timestamp: number }>(
  current: T[],
  incoming: T[],
): T[] {
  if (incoming.length === 0) return current;
  const seen = new Set(current.map((e) => e.id));
  const fresh = incoming.filter((e) => !seen.has(e.id));
  if (fresh.length === 0) return current;
  const last = current[current.length - 1];
  const sortedTail = fresh.every((e) => !last || e.timestamp >= last.timestamp);
  const merged = [...current, ...fresh];
  return sortedTail
    ? merged
    : merged.sort((a, b) => a.timestamp - b.timestamp || a.id.localeCompare(b.id));
}
