import type { EnvVars } from "../data-dir";

/** At most this long between two reads of a user's groups from the IdP (issue 13). */
const MAX_GROUPS_REFRESH_SECONDS = 300;

export interface SessionPolicy {
  /** Absolute lifetime from sign-in, ms; use does not extend it. */
  maxAgeMs: number;
  /** How often groups are re-read from an external IdP, ms (never more than 5 minutes). */
  groupsRefreshMs: number;
}

function seconds(env: EnvVars, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(
      `${name} must be a whole number of seconds from ${min} to ${max}, got "${raw}"`,
    );
  return n;
}

/** AUTH_SESSION_MAX_AGE (seconds, default 8 h) and AUTH_GROUPS_REFRESH (seconds, default and max 300). */
export function loadSessionPolicy(env: EnvVars = process.env): SessionPolicy {
  return {
    maxAgeMs: seconds(env, "AUTH_SESSION_MAX_AGE", 8 * 3600, 10, 30 * 24 * 3600) * 1000,
    groupsRefreshMs:
      seconds(
        env,
        "AUTH_GROUPS_REFRESH",
        MAX_GROUPS_REFRESH_SECONDS,
        1,
        MAX_GROUPS_REFRESH_SECONDS,
      ) * 1000,
  };
}

/** True once a session that began at signedInAt (ms) has outlived the absolute lifetime. */
export function sessionExpired(
  signedInAt: number | undefined,
  policy: SessionPolicy,
  now = Date.now(),
): boolean {
  return signedInAt === undefined || now - signedInAt >= policy.maxAgeMs;
}
