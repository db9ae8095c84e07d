import { describe, expect, it } from "vitest";
import { loadSessionPolicy, sessionExpired } from "./session-policy";

describe("session policy", () => {
  it("defaults to 8 hours from sign-in and a group re-read every 5 minutes", () => {
    expect(loadSessionPolicy({})).toEqual({ maxAgeMs: 8 * 3600_000, groupsRefreshMs: 300_000 });
    expect(loadSessionPolicy({ AUTH_SESSION_MAX_AGE: "3600", AUTH_GROUPS_REFRESH: "60" })).toEqual({
      maxAgeMs: 3600_000,
      groupsRefreshMs: 60_000,
    });
  });

  it("never re-reads groups less often than every 5 minutes, and says why", () => {
    expect(() => loadSessionPolicy({ AUTH_GROUPS_REFRESH: "900" })).toThrow(
      'AUTH_GROUPS_REFRESH must be a whole number of seconds from 1 to 300, got "900"',
    );
    expect(() => loadSessionPolicy({ AUTH_SESSION_MAX_AGE: "8h" })).toThrow(/AUTH_SESSION_MAX_AGE/);
  });

  it("ends a session at its absolute lifetime, however recently it was used", () => {
    const policy = loadSessionPolicy({});
    const signedIn = 1_000_000;
    expect(sessionExpired(signedIn, policy, signedIn + 8 * 3600_000 - 1)).toBe(false);
    expect(sessionExpired(signedIn, policy, signedIn + 8 * 3600_000)).toBe(true);
    // A token without a sign-in time (older format) is not trusted.
    expect(sessionExpired(undefined, policy, signedIn)).toBe(true);
  });
});
