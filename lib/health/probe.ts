/** How long one probe may take: pages wait for it, so a hung endpoint must not hold them. */
export const PROBE_TIMEOUT_MS = 1_500;
/** How long an answer (or a failure) is reused: every page reads health, the endpoint sees a trickle. */
const PROBE_TTL_MS = 5_000;

export type ProbeResult = { ok: true; json: unknown } | { ok: false; problem: string };

interface Entry {
  at: number;
  result: Promise<ProbeResult>;
}

const cache = new Map<string, Entry>();

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
    return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string")
    return cause.code === "ECONNREFUSED" ? "connection refused" : cause.code;
  return err instanceof Error ? err.message : String(err);
}

async function getJson(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const res = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { ok: false, problem: `answered HTTP ${res.status}` };
    return { ok: true, json: await res.json() };
  } catch (err) {
    return { ok: false, problem: describeFailure(err, timeoutMs) };
  }
}

/**
 * GETs a JSON health document, never throwing and never taking longer than the timeout. Answers
 * are shared for PROBE_TTL_MS (concurrent callers share one request).
 */
export function probeJson(
  url: string,
  { timeoutMs = PROBE_TIMEOUT_MS, ttlMs = PROBE_TTL_MS } = {},
): Promise<ProbeResult> {
  const now = Date.now();
  const hit = cache.get(url);
  if (hit && now - hit.at < ttlMs) return hit.result;
  const result = getJson(url, timeoutMs);
  cache.set(url, { at: now, result });
  return result;
}
