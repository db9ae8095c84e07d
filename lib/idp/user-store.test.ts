import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openConsoleDb, type ConsoleDb } from "../console-db/db";
import { ensureAdmin } from "./bootstrap";
import { hashPassword, verifyPassword } from "./password";
import { UserStore, UserStoreError } from "./user-store";

let dir: string;
let db: ConsoleDb;
let users: UserStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "users-"));
  db = openConsoleDb(dir);
  users = new UserStore(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("password hashing", () => {
  it("salts each hash and verifies only the right password", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
    expect(await verifyPassword("correct horse", "plaintext")).toBe(false);
  });
});

describe("UserStore", () => {
  it("adds, lists, verifies and removes users without exposing hashes", async () => {
    await users.add({
      name: "alice",
      password: "alice-password",
      groups: ["lambda-viewers", "b", "b"],
      email: "a@example.com",
    });
    const listed = users.list();
    expect(listed.map((u) => [u.name, u.groups, u.email])).toEqual([
      ["alice", ["b", "lambda-viewers"], "a@example.com"],
    ]);
    expect(JSON.stringify(listed)).not.toContain("scrypt");
    const stored = db.prepare("SELECT password_hash FROM idp_users").pluck().get() as string;
    expect(stored).not.toContain("alice-password");

    expect((await users.verify("alice", "alice-password"))?.name).toBe("alice");
    expect(await users.verify("alice", "wrong-password")).toBeNull();
    expect(await users.verify("nobody", "alice-password")).toBeNull();

    expect(users.remove("alice")).toBe(true);
    expect(users.remove("alice")).toBe(false);
    expect(await users.verify("alice", "alice-password")).toBeNull();
  });

  it("refuses duplicates, bad names and short passwords", async () => {
    await users.add({ name: "bob", password: "bob-password" });
    await expect(users.add({ name: "bob", password: "other-password" })).rejects.toThrow(
      /already exists/,
    );
    await expect(users.add({ name: "bad name", password: "whatever-123" })).rejects.toThrow(
      UserStoreError,
    );
    await expect(users.add({ name: "carol", password: "short" })).rejects.toThrow(/at least 8/);
    await expect(
      users.add({ name: "dave", password: "long-enough", groups: ["a b"] }),
    ).rejects.toThrow(/invalid group/);
  });

  it("changes passwords and groups", async () => {
    await users.add({ name: "erin", password: "first-password" });
    await users.setPassword("erin", "second-password");
    expect(await users.verify("erin", "first-password")).toBeNull();
    expect(await users.verify("erin", "second-password")).not.toBeNull();
    expect(users.setGroups("erin", ["lambda-admins"]).groups).toEqual(["lambda-admins"]);
    await expect(users.setPassword("nobody", "whatever-123")).rejects.toThrow(/no user/);
  });

  it("keeps users across reopening the database", async () => {
    await users.add({ name: "frank", password: "frank-password" });
    db.close();
    db = openConsoleDb(dir);
    users = new UserStore(db);
    expect(await users.verify("frank", "frank-password")).not.toBeNull();
  });
});

describe("ensureAdmin", () => {
  it("creates admin with a generated password once, then leaves it alone", async () => {
    const first = await ensureAdmin(users, {});
    expect(first.kind).toBe("created");
    if (first.kind !== "created") return;
    expect(first.generated).toBe(true);
    expect(users.get("admin")?.groups).toEqual(["lambda-admins"]);
    expect(await users.verify("admin", first.password)).not.toBeNull();
    expect(await ensureAdmin(users, {})).toEqual({ kind: "unchanged" });
  });

  it("uses LAMBDA_CONSOLE_ADMIN_PASSWORD, also to reset it on a later start", async () => {
    const first = await ensureAdmin(users, { LAMBDA_CONSOLE_ADMIN_PASSWORD: "automation-1" });
    expect(first).toMatchObject({ kind: "created", generated: false });
    await ensureAdmin(users, { LAMBDA_CONSOLE_ADMIN_PASSWORD: "automation-2" });
    expect(await users.verify("admin", "automation-1")).toBeNull();
    expect(await users.verify("admin", "automation-2")).not.toBeNull();
  });
});
