/**
 * A wall-clock allowance for running a filter pattern in one request or one Live Tail poll. The
 * engine has one thread, and even linear-time regexes can cost milliseconds per event, so a scan
 * that has spent its allowance answers with what it found and where to resume.
 */
export interface TimeBudget {
  /** True once the allowance is used up. */
  spent(): boolean;
}

/** Thousands of ordinary events fit in it; other callers wait at most about this long. */
const MATCH_BUDGET_MS = 50;

export function startTimeBudget(
  ms: number = MATCH_BUDGET_MS,
  clock: () => number = () => performance.now(),
): TimeBudget {
  const deadline = clock() + ms;
  return { spent: () => clock() >= deadline };
}

/** For callers that must see everything in one go (tests, offline tools); never for requests. */
export const UNLIMITED: TimeBudget = { spent: () => false };
