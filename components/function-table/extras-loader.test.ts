import { describe, expect, it } from "vitest";
import type { FunctionExtras } from "@/lib/aws/function-list";
import { loadExtras } from "./extras-loader";

const names = Array.from({ length: 10 }, (_, i) => `f${i}`);
const extra = (name: string): FunctionExtras => ({
  name,
  reservedConcurrency: null,
  tags: {},
  throttles: 0,
});

/** Runs the loader against a fake route that records each request's names. */
async function run(visible: () => string[], opts: { failAt?: number } = {}) {
  const requests: string[][] = [];
  const applied: string[] = [];
  await loadExtras({
    names,
    visible,
    chunk: 4,
    cancelled: () => false,
    load: async ({ names: batch }) => {
      requests.push(batch);
      return requests.length === opts.failAt
        ? { ok: false, message: "boom" }
        : { ok: true, data: batch.map(extra) };
    },
    apply: (extras) => applied.push(...extras.map((e) => e.name)),
  });
  return { requests, applied };
}

describe("loadExtras", () => {
  it("loads every row once, in list order, when nothing is on screen", async () => {
    const { requests, applied } = await run(() => []);
    expect(requests).toEqual([
      ["f0", "f1", "f2", "f3"],
      ["f4", "f5", "f6", "f7"],
      ["f8", "f9"],
    ]);
    expect(applied).toEqual(names);
  });

  it("loads the rows on screen first, then the rest without asking for any row twice", async () => {
    let screen = ["f0", "f1"];
    const { requests } = await run(() => {
      const now = screen;
      screen = ["f8", "f9"]; // the user scrolled to the bottom after the first request
      return now;
    });
    expect(requests).toEqual([
      ["f0", "f1"],
      ["f8", "f9"],
      ["f2", "f3", "f4", "f5"],
      ["f6", "f7"],
    ]);
  });

  it("stops at the first failed request", async () => {
    const { requests, applied } = await run(() => [], { failAt: 2 });
    expect(requests).toHaveLength(2);
    expect(applied).toEqual(["f0", "f1", "f2", "f3"]);
  });
});
