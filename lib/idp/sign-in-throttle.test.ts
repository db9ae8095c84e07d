import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openConsoleDb, type ConsoleDb } from "../console-db/db";
import { clientAddress, DEFAULT_LIMITS, SignInThrottle } from "./sign-in-throttle";

let dir: string;
let db: ConsoleDb;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "throttle-"));
  db = openConsoleDb(dir);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_000_000_000;

describe("sign-in throttle", () => {
  it("locks one user from one address, with a lock that doubles; other addresses still sign in", () => {
    const t = new SignInThrottle(db);
    for (let i = 0; i < 4; i++) expect(t.recordFailure("admin", "10.0.0.9", T0)).toEqual([]);
    expect(t.lockedFor("admin", "10.0.0.9", T0)).toBeNull();
    const locks = t.recordFailure("admin", "10.0.0.9", T0);
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ userName: "admin", address: "10.0.0.9", failures: 5 });
    expect(t.lockedFor("admin", "10.0.0.9", T0)).toBe(30_000);
    // The attacker's lock is not the admin's: from the admin's own address nothing is locked.
    expect(t.lockedFor("admin", "10.0.0.1", T0)).toBeNull();
    expect(t.lockedFor("ADMIN", "10.0.0.9", T0)).toBe(30_000);
    // Back-off: each further failure doubles the lock.
    t.recordFailure("admin", "10.0.0.9", T0 + 31_000);
    expect(t.lockedFor("admin", "10.0.0.9", T0 + 31_000)).toBe(60_000);
    t.recordFailure("admin", "10.0.0.9", T0 + 92_000);
    expect(t.lockedFor("admin", "10.0.0.9", T0 + 92_000)).toBe(120_000);
  });

  it("locks an address that sprays many names, and forgets old failures", () => {
    const t = new SignInThrottle(db, { ...DEFAULT_LIMITS, perAddress: 10 });
    for (let i = 0; i < 9; i++) t.recordFailure(`user${i}`, "10.6.6.6", T0);
    expect(t.lockedFor("someone", "10.6.6.6", T0)).toBeNull();
    t.recordFailure("user9", "10.6.6.6", T0);
    expect(t.lockedFor("someone", "10.6.6.6", T0)).toBe(30_000);
    expect(t.lockedFor("someone", "10.0.0.1", T0)).toBeNull();
    // Four failures, then quiet past the window: the count starts again.
    for (let i = 0; i < 4; i++) t.recordFailure("carol", "10.0.0.2", T0);
    t.recordFailure("carol", "10.0.0.2", T0 + DEFAULT_LIMITS.windowMs + 1);
    expect(t.lockedFor("carol", "10.0.0.2", T0 + DEFAULT_LIMITS.windowMs + 1)).toBeNull();
  });

  it("keeps memory bounded without a global reset: locks in force survive a flood of names", () => {
    const t = new SignInThrottle(db, {
      ...DEFAULT_LIMITS,
      maxEntries: 50,
      perAddress: 1_000_000,
    });
    for (let i = 0; i < 5; i++) t.recordFailure("admin", "10.0.0.9", T0);
    for (let i = 0; i < 500; i++)
      t.recordFailure(`made-up-${i}`, `10.1.${i >> 8}.${i & 255}`, T0 + 1);
    const rows = db.prepare("SELECT count(*) FROM signin_throttle").pluck().get() as number;
    expect(rows).toBeLessThanOrEqual(50);
    expect(t.lockedFor("admin", "10.0.0.9", T0 + 2)).not.toBeNull();
  });

  it("lets an admin list and lift a lock; a success clears the user's count", () => {
    const t = new SignInThrottle(db);
    for (let i = 0; i < 5; i++) t.recordFailure("admin", "10.0.0.9", Date.now());
    const [lock] = t.listLocked();
    expect(lock?.userName).toBe("admin");
    expect(t.unlock(lock?.key ?? "")).toMatchObject({ address: "10.0.0.9" });
    expect(t.lockedFor("admin", "10.0.0.9")).toBeNull();
    expect(t.unlock("nope")).toBeNull();
    for (let i = 0; i < 4; i++) t.recordFailure("dave", "10.0.0.3");
    t.recordSuccess("dave", "10.0.0.3");
    t.recordFailure("dave", "10.0.0.3");
    expect(t.lockedFor("dave", "10.0.0.3")).toBeNull();
  });

  it("trusts X-Forwarded-For only when told, and then its last entry", () => {
    expect(clientAddress("127.0.0.1", "1.2.3.4, 5.6.7.8", false)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "1.2.3.4, 5.6.7.8", true)).toBe("5.6.7.8");
    expect(clientAddress(undefined, undefined, true)).toBe("unknown");
  });
});
