import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openConsoleDb, type ConsoleDb } from "../console-db/db";
import { AuditStore, type NewAuditEntry } from "./store";

let dir: string;
let db: ConsoleDb;
let audit: AuditStore;

const base: NewAuditEntry = {
  actor: "alice",
  actorName: "Alice",
  role: "developer",
  action: "functions.delete",
  target: "local",
  resource: "fn-1",
  result: "ok",
  message: null,
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-"));
  db = openConsoleDb(dir);
  audit = new AuditStore(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("AuditStore", () => {
  it("records entries with a time and returns them newest first", () => {
    const a = audit.record({ ...base, time: "2026-01-01T00:00:00.000Z" });
    const b = audit.record({
      ...base,
      action: "functions.invoke",
      result: "refused",
      message: "needs functions.invoke",
    });
    expect(a.id).toBeLessThan(b.id);
    expect(b.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(audit.query().map((e) => e.id)).toEqual([b.id, a.id]);
    expect(audit.query()[0]).toEqual(b);
  });

  it("filters by actor, action (exact or prefix), result, resource, time and paginates", () => {
    audit.record({ ...base, time: "2026-01-01T00:00:00.000Z" });
    audit.record({
      ...base,
      actor: "bob",
      action: "concurrency.put",
      time: "2026-01-02T00:00:00.000Z",
    });
    audit.record({
      ...base,
      actor: "bob",
      action: "functions.invoke",
      result: "refused",
      time: "2026-01-03T00:00:00.000Z",
    });
    audit.record({
      ...base,
      actor: "carol",
      action: "functions.update",
      result: "error",
      message: "boom",
      resource: "fn-2",
      time: "2026-01-04T00:00:00.000Z",
    });

    expect(audit.query({ actor: "bob" }).map((e) => e.action)).toEqual([
      "functions.invoke",
      "concurrency.put",
    ]);
    expect(audit.query({ action: "functions.*" }).map((e) => e.actor)).toEqual([
      "carol",
      "bob",
      "alice",
    ]);
    expect(audit.query({ action: "functions" })).toEqual([]);
    expect(audit.query({ result: "refused" }).map((e) => e.actor)).toEqual(["bob"]);
    expect(audit.query({ result: "error" })[0]?.message).toBe("boom");
    expect(audit.query({ resource: "fn-2" }).map((e) => e.actor)).toEqual(["carol"]);
    expect(
      audit.query({ since: "2026-01-02T00:00:00.000Z", until: "2026-01-03T00:00:00.000Z" }).length,
    ).toBe(2);
    const page1 = audit.query({ limit: 2 });
    const page2 = audit.query({ limit: 2, beforeId: page1[1]?.id });
    expect([...page1, ...page2].map((e) => e.actor)).toEqual(["carol", "bob", "bob", "alice"]);
    expect(audit.facets()).toEqual({
      actors: ["alice", "bob", "carol"],
      actions: ["concurrency.put", "functions.delete", "functions.invoke", "functions.update"],
    });
  });

  it("treats LIKE wildcards in a prefix filter literally", () => {
    audit.record({ ...base, action: "a_b.x" });
    audit.record({ ...base, action: "aXb.x" });
    expect(audit.query({ action: "a_b*" }).map((e) => e.action)).toEqual(["a_b.x"]);
  });

  it("refuses unknown results and survives reopening", () => {
    expect(() => audit.record({ ...base, result: "maybe" as "ok" })).toThrow();
    audit.record(base);
    db.close();
    db = openConsoleDb(dir);
    audit = new AuditStore(db);
    expect(audit.query().length).toBe(1);
  });
});
