import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openConsoleDb, type ConsoleDb } from "../console-db/db";
import { RevocationStore } from "./revocation-store";

let dir: string;
let db: ConsoleDb;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "revocations-"));
  db = openConsoleDb(dir);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("RevocationStore", () => {
  it("refuses sessions that began before the subject's last sign-out, not later ones", () => {
    const store = new RevocationStore(db);
    expect(store.isRevoked("alice", 1000)).toBe(false);
    store.revoke("alice", 2000);
    expect(store.isRevoked("alice", 1000)).toBe(true);
    expect(store.isRevoked("alice", 2000)).toBe(true);
    expect(store.isRevoked("alice", 2001)).toBe(false);
    expect(store.isRevoked("alice", undefined)).toBe(true);
    expect(store.isRevoked("bob", 1000)).toBe(false);
    store.revoke("alice", 1500); // an older sign-out never re-opens sessions
    expect(store.isRevoked("alice", 1800)).toBe(true);
  });
});
