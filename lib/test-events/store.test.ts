import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openConsoleDb, type ConsoleDb } from "../console-db/db";
import { TestEventStore } from "./store";

let dir: string;
let db: ConsoleDb;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-events-"));
  db = openConsoleDb(dir);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = { targetId: "local", functionName: "fn", source: null };

describe("TestEventStore", () => {
  it("saves, replaces and lists events per target and function", () => {
    const store = new TestEventStore(db);
    store.save({ ...base, name: "first", json: '{"a":1}' }, new Date("2026-01-01T00:00:00Z"));
    store.save(
      { ...base, name: "second", json: "[]", source: "blueprint:x" },
      new Date("2026-01-02T00:00:00Z"),
    );
    store.save({ ...base, name: "first", json: '{"a":2}' }, new Date("2026-01-03T00:00:00Z"));
    store.save({ ...base, functionName: "other", name: "first", json: "{}" });
    store.save({ ...base, targetId: "aws:prod", name: "first", json: "{}" });
    const list = store.list("local", "fn");
    expect(list.map((e) => [e.name, e.json])).toEqual([
      ["first", '{"a":2}'],
      ["second", "[]"],
    ]);
    expect(store.get("local", "fn", "second")?.source).toBe("blueprint:x");
    expect(store.delete("local", "fn", "second")).toBe(true);
    expect(store.list("local", "fn")).toHaveLength(1);
  });

  it("refuses a bad name or invalid JSON", () => {
    const store = new TestEventStore(db);
    expect(() => store.save({ ...base, name: "has space", json: "{}" })).toThrow(/name/);
    expect(() => store.save({ ...base, name: "x".repeat(26), json: "{}" })).toThrow(/name/);
    expect(() => store.save({ ...base, name: "ok", json: "{nope" })).toThrow();
    expect(store.list("local", "fn")).toEqual([]);
  });

  it("keeps events across a reopen of the console database", () => {
    new TestEventStore(db).save({ ...base, name: "kept", json: "{}" });
    db.close();
    db = openConsoleDb(dir);
    expect(new TestEventStore(db).list("local", "fn").map((e) => e.name)).toEqual(["kept"]);
  });
});
