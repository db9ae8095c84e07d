import { describe, expect, it } from "vitest";
import { mergeEvents, parseRange, prettyJson } from "./format";

describe("log formatting", () => {
  it("pretty-prints a JSON message or the JSON after Lambda's prefix", () => {
    expect(prettyJson('{"a":1}')).toEqual({ prefix: "", json: '{\n  "a": 1\n}' });
    expect(prettyJson('2024-01-01T00:00:00.000Z\tabc\tINFO\t{"level":"info"}\n')).toEqual({
      prefix: "2024-01-01T00:00:00.000Z\tabc\tINFO\t",
      json: '{\n  "level": "info"\n}',
    });
    expect(prettyJson("plain text")).toBeUndefined();
    expect(prettyJson("{not json}")).toBeUndefined();
  });

  it("merges polled events without duplicates, keeping time order", () => {
    const a = [
      { id: "1", timestamp: 1 },
      { id: "2", timestamp: 5 },
    ];
    expect(
      mergeEvents(a, [
        { id: "2", timestamp: 5 },
        { id: "3", timestamp: 6 },
      ]).map((e) => e.id),
    ).toEqual(["1", "2", "3"]);
    expect(mergeEvents(a, [{ id: "0", timestamp: 0 }]).map((e) => e.id)).toEqual(["0", "1", "2"]);
    expect(mergeEvents(a, [])).toBe(a);
  });

  it("parses ranges with a fallback", () => {
    expect(parseRange("3h")).toBe("3h");
    expect(parseRange("bogus")).toBe("1h");
  });
});
