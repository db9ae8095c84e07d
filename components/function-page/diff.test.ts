import { describe, expect, it } from "vitest";
import { diffConfig, diffLines } from "./diff";

describe("diff", () => {
  it("finds added and removed lines around common ones", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "del", text: "b" },
      { kind: "add", text: "x" },
      { kind: "same", text: "c" },
      { kind: "add", text: "d" },
    ]);
    expect(diffLines("same", "same").every((l) => l.kind === "same")).toBe(true);
  });

  it("lists only the configuration fields that differ", () => {
    expect(
      diffConfig(
        { memoryMb: 128, environment: { A: "1" }, name: "f" },
        { memoryMb: 256, environment: { A: "1" }, name: "f" },
      ),
    ).toEqual([{ field: "memoryMb", before: "128", after: "256" }]);
  });
});
