import { describe, expect, it } from "vitest";
import { bucketize, computeStat, isSupportedStat } from "./statistics";
import type { StoredSample } from "./store";

const s = (
  ts: number,
  kind: StoredSample["kind"],
  durationMs: number | null,
  concurrency = 1,
): StoredSample => ({ ts, kind, durationMs, concurrency, postRuntimeMs: null });

describe("metric statistics", () => {
  it("computes the simple statistics and nearest-rank percentiles", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(computeStat("Sum", v)).toBe(5050);
    expect(computeStat("Average", v)).toBe(50.5);
    expect(computeStat("Minimum", v)).toBe(1);
    expect(computeStat("Maximum", v)).toBe(100);
    expect(computeStat("SampleCount", v)).toBe(100);
    expect(computeStat("p99", v)).toBe(99);
    expect(computeStat("p50", v)).toBe(50);
    expect(computeStat("p99.9", [5, 1, 3])).toBe(5);
  });

  it("knows which statistics it supports", () => {
    expect(isSupportedStat("p99")).toBe(true);
    expect(isSupportedStat("p99.9")).toBe(true);
    expect(isSupportedStat("Average")).toBe(true);
    expect(isSupportedStat("tm99")).toBe(false);
    expect(isSupportedStat("p101")).toBe(false);
  });

  it("buckets per period and leaves throttles out of Invocations and Duration", () => {
    const start = 1_700_000_000_000;
    const samples = [
      s(start + 1000, "success", 10),
      s(start + 2000, "error", 30),
      s(start + 61_000, "throttle", null),
      s(start + 62_000, "success", 20),
    ];
    expect(bucketize("Invocations", samples, start, 60)).toEqual([
      { startMs: start, values: [1, 1] },
      { startMs: start + 60_000, values: [1] },
    ]);
    expect(
      bucketize("Errors", samples, start, 60).map((b) => computeStat("Sum", b.values)),
    ).toEqual([1, 0]);
    expect(
      bucketize("Throttles", samples, start, 60).map((b) => computeStat("Sum", b.values)),
    ).toEqual([0, 1]);
    expect(
      bucketize("Duration", samples, start, 300).map((b) => computeStat("Maximum", b.values)),
    ).toEqual([30]);
  });
});
