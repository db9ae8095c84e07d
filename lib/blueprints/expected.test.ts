import { describe, expect, it } from "vitest";
import { matchExpected } from "./expected";

describe("matchExpected", () => {
  it("accepts a subset of object keys and rejects a missing or different one", () => {
    expect(matchExpected({ a: 1, b: { c: "x", d: true } }, { b: { c: "x" } })).toEqual([]);
    expect(matchExpected({ a: 1 }, { b: 1 })).toEqual(["$.b: missing"]);
    expect(matchExpected({ a: 1 }, { a: 2 })).toEqual(["$.a: expected 2, got 1"]);
    expect(matchExpected(null, { a: 1 })).toEqual(["$: expected an object, got null"]);
  });

  it("matches arrays element by element with the same length", () => {
    expect(matchExpected([1, { x: 2, y: 3 }], [1, { x: 2 }])).toEqual([]);
    expect(matchExpected([1, 2, 3], [1, 2])).toEqual(["$: expected 2 elements, got 3"]);
    expect(matchExpected({ list: [1, 5] }, { list: [1, 2] })).toEqual([
      "$.list[1]: expected 2, got 5",
    ]);
  });

  it("supports $regex, $type, $json and $contains", () => {
    expect(matchExpected("abc-123", { $regex: "^abc-\\d+$" })).toEqual([]);
    expect(matchExpected("zzz", { $regex: "^a" })).toHaveLength(1);
    expect(matchExpected(42, { $regex: "4" })).toHaveLength(1);
    expect(matchExpected([], { $type: "array" })).toEqual([]);
    expect(matchExpected(null, { $type: "null" })).toEqual([]);
    expect(matchExpected("1", { $type: "number" })).toEqual([
      "$: expected type number, got string",
    ]);
    expect(matchExpected('{"ok":true,"n":1}', { $json: { ok: true } })).toEqual([]);
    expect(matchExpected("not json", { $json: { ok: true } })).toEqual(["$: not JSON: not json"]);
    expect(matchExpected(["a", "b"], { $contains: "b" })).toEqual([]);
    expect(matchExpected(["a"], { $contains: "b" })).toHaveLength(1);
  });

  it("compares primitives exactly (no coercion)", () => {
    expect(matchExpected("128", 128)).toHaveLength(1);
    expect(matchExpected(0, false)).toHaveLength(1);
    expect(matchExpected(undefined, null)).toHaveLength(1);
  });
});
