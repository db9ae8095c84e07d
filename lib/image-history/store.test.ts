import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openConsoleDb } from "../console-db/db";
import { ImageHistoryStore } from "./store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "image-history-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("image deployment history", () => {
  it("records deployments per target and function, newest first, and survives reopening", () => {
    const store = new ImageHistoryStore(openConsoleDb(dir));
    const base = {
      targetId: "local",
      functionName: "fn",
      resolvedImageUri: null,
      digest: null,
      message: null,
      actor: "u1",
      actorName: "Ann",
    };
    store.record({ ...base, kind: "create", imageUri: "r/a:v1", result: "ok" }, new Date(1000));
    store.record(
      { ...base, kind: "deploy", imageUri: "r/a:v2", result: "failed", message: "Failed: x" },
      new Date(2000),
    );
    store.record({
      ...base,
      functionName: "other",
      kind: "deploy",
      imageUri: "r/b:v1",
      result: "ok",
    });
    const again = new ImageHistoryStore(openConsoleDb(dir));
    const list = again.list("local", "fn");
    expect(list.map((d) => [d.kind, d.imageUri, d.result])).toEqual([
      ["deploy", "r/a:v2", "failed"],
      ["create", "r/a:v1", "ok"],
    ]);
    expect(list[0]?.message).toBe("Failed: x");
    expect(again.list("aws:x", "fn")).toEqual([]);
    expect(again.get(list[1]?.id ?? -1)?.at).toBe(new Date(1000).toISOString());
  });
});
