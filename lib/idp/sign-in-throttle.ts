import type { ConsoleDb } from "../console-db/db";
import { migrateModule } from "../console-db/db";

const SCHEMA = [
  `CREATE TABLE signin_throttle (
     key TEXT PRIMARY KEY,
     user_name TEXT,
     address TEXT NOT NULL,
     failures INTEGER NOT NULL,
     locked_until INTEGER NOT NULL DEFAULT 0,
     last_failure INTEGER NOT NULL
   );
   CREATE INDEX signin_throttle_last ON signin_throttle (last_failure)`,
];

export interface ThrottleLimits {
  /** Failures of one user name from one address before the first lock. */
  perUserAndAddress: number;
  /** Failures from one address, whatever the names (a spray), before the first lock. */
  perAddress: number;
  /** The first lock; each further failure doubles it, up to maxLockMs. */
  baseLockMs: number;
  maxLockMs: number;
  /** Failures older than this without a lock are forgotten. */
  windowMs: number;
  /** Rows kept at most: the oldest unlocked ones go first, never the whole table at once. */
  maxEntries: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = {
  perUserAndAddress: 5,
  perAddress: 50,
  baseLockMs: 30_000,
  maxLockMs: 60 * 60_000,
  windowMs: 15 * 60_000,
  maxEntries: 20_000,
};

export interface Lockout {
  key: string;
  /** null for an address-wide lock. */
  userName: string | null;
  address: string;
  failures: number;
  lockedUntil: number;
}

interface Row {
  key: string;
  user_name: string | null;
  address: string;
  failures: number;
  locked_until: number;
  last_failure: number;
}

const toLockout = (r: Row): Lockout => ({
  key: r.key,
  userName: r.user_name,
  address: r.address,
  failures: r.failures,
  lockedUntil: r.locked_until,
});

/**
 * Failed sign-ins keyed by user name *and* client address, with exponential back-off (issue 13):
 * someone guessing `admin`'s password from one address locks only that address out for `admin`,
 * never the real admin elsewhere. In console.sqlite, so the console lists and lifts lockouts.
 */
export class SignInThrottle {
  constructor(
    private readonly db: ConsoleDb,
    private readonly limits: ThrottleLimits = DEFAULT_LIMITS,
  ) {
    migrateModule(db, "signin_throttle", SCHEMA);
  }

  private keys(userName: string, address: string) {
    return [
      {
        key: `u:${userName.toLowerCase()}\n${address}`,
        user: userName,
        free: this.limits.perUserAndAddress,
      },
      { key: `a:${address}`, user: null, free: this.limits.perAddress },
    ];
  }

  private get(key: string): Row | undefined {
    return this.db.prepare("SELECT * FROM signin_throttle WHERE key = ?").get(key) as
      Row | undefined;
  }

  /** The lock in force for this attempt (ms left), or null when it may be tried. */
  lockedFor(userName: string, address: string, now = Date.now()): number | null {
    let left = 0;
    for (const { key } of this.keys(userName, address)) {
      const row = this.get(key);
      if (row && row.locked_until > now) left = Math.max(left, row.locked_until - now);
    }
    return left > 0 ? left : null;
  }

  /** Counts a failure; returns the locks it started (for the audit log). */
  recordFailure(userName: string, address: string, now = Date.now()): Lockout[] {
    const started: Lockout[] = [];
    const tx = this.db.transaction(() => {
      for (const { key, user, free } of this.keys(userName, address)) {
        const row = this.get(key);
        const stale =
          row && row.locked_until <= now && now - row.last_failure > this.limits.windowMs;
        const failures = row && !stale ? row.failures + 1 : 1;
        const over = failures - free;
        const lockedUntil =
          over >= 0 ? now + Math.min(this.limits.baseLockMs * 2 ** over, this.limits.maxLockMs) : 0;
        this.db
          .prepare(
            `INSERT INTO signin_throttle (key, user_name, address, failures, locked_until, last_failure)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT(key) DO UPDATE SET failures = excluded.failures,
               locked_until = excluded.locked_until, last_failure = excluded.last_failure`,
          )
          .run(key, user, address, failures, lockedUntil, now);
        if (lockedUntil > 0) started.push({ key, userName: user, address, failures, lockedUntil });
      }
      this.trim(now);
    });
    tx.immediate();
    return started;
  }

  /** A successful sign-in clears that user's count from that address (not the address-wide one). */
  recordSuccess(userName: string, address: string): void {
    const first = this.keys(userName, address)[0];
    if (first) this.db.prepare("DELETE FROM signin_throttle WHERE key = ?").run(first.key);
  }

  /** Locks in force, newest first. */
  listLocked(now = Date.now()): Lockout[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM signin_throttle WHERE locked_until > ? ORDER BY locked_until DESC LIMIT 500",
      )
      .all(now) as Row[];
    return rows.map(toLockout);
  }

  /** An admin lifts a lock (and its count); false when there was none. */
  unlock(key: string): Lockout | null {
    const row = this.get(key);
    if (!row) return null;
    this.db.prepare("DELETE FROM signin_throttle WHERE key = ?").run(key);
    return toLockout(row);
  }

  private trim(now: number): void {
    const count =
      (this.db.prepare("SELECT count(*) FROM signin_throttle").pluck().get() as number) ?? 0;
    const excess = count - this.limits.maxEntries;
    if (excess <= 0) return;
    // Unlocked and oldest first: a spray of made-up names cannot push out a lock in force.
    this.db
      .prepare(
        `DELETE FROM signin_throttle WHERE key IN (
           SELECT key FROM signin_throttle ORDER BY (locked_until > ?) ASC, last_failure ASC LIMIT ?)`,
      )
      .run(now, excess);
  }
}

/** The client's address as the IdP sees it; X-Forwarded-For only behind a proxy the operator names. */
export function clientAddress(
  remote: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor) {
    const list = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    // The proxy appends the address it saw: the last entry is the one it vouches for.
    const last = list[list.length - 1];
    if (last) return last;
  }
  return remote ?? "unknown";
}
