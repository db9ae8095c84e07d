import { describe, expect, it } from "vitest";
import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionExtras } from "@/lib/aws/function-list";
import { createExtrasLoader } from "./extras-loader";

const names = Array.from({ length: 10 }, (_, i) => `f${i}`);
const extra = (name: string): FunctionExtras => ({
  name,
  reservedConcurrency: null,
  tags: {},
  throttles: 0,
});

/** A fake extras route whose requests answer only when the test says so. */
function harness(opts: { fail?: (n: number) => boolean } = {}) {
  const requests: string[][] = [];
  const answers: (() => void)[] = [];
  const applied: string[] = [];
  const loader = createExtrasLoader({
    chunk: 4,
    retryMs: 0,
    load: ({ names: batch }) => {
      requests.push(batch);
      const n = requests.length;
      return new Promise<ActionResult<FunctionExtras[]>>((resolve) =>
        answers.push(() =>
          resolve(
            opts.fail?.(n) ? { ok: false, message: "boom" } : { ok: true, data: batch.map(extra) },
          ),
        ),
      );
    },
    apply: (extras) => applied.push(...extras.map((e) => e.name)),
  });
  /** Answers every request so far, then lets the loader send its next ones. */
  const answerAll = async () => {
    for (const answer of answers.splice(0)) answer();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { loader, requests, applied, answerAll };
}

describe("createExtrasLoader", () => {
  it("loads every row once, in list order, when nothing is on screen", async () => {
    const h = harness();
    h.loader.add(names);
    expect(h.requests).toEqual([]); // not before every page is in
    h.loader.loadRest();
    while (h.applied.length < names.length) await h.answerAll();
    expect(h.requests).toEqual([
      ["f0", "f1", "f2", "f3"],
      ["f4", "f5", "f6", "f7"],
      ["f8", "f9"],
    ]);
    expect(h.applied).toEqual(names);
  });

  it("asks for the rows on screen while pages still arrive, then the rest without asking twice", async () => {
    const h = harness();
    h.loader.add(names.slice(0, 5));
    h.loader.show(["f0", "f1"]);
    expect(h.requests).toEqual([["f0", "f1"]]);
    await h.answerAll();
    h.loader.add(names.slice(5));
    h.loader.loadRest();
    while (h.applied.length < names.length) await h.answerAll();
    expect(h.requests).toEqual([
      ["f0", "f1"],
      ["f2", "f3", "f4", "f5"],
      ["f6", "f7", "f8", "f9"],
    ]);
  });

  it("a scroll to the bottom is asked for at once, not after the request in flight", async () => {
    const h = harness();
    h.loader.add(names);
    h.loader.loadRest();
    expect(h.requests).toEqual([["f0", "f1", "f2", "f3"]]);
    h.loader.show(["f8", "f9"]);
    expect(h.requests).toEqual([
      ["f0", "f1", "f2", "f3"],
      ["f8", "f9"],
    ]);
    while (h.applied.length < names.length) await h.answerAll();
    expect(h.requests.slice(2)).toEqual([["f4", "f5", "f6", "f7"]]);
    expect([...h.applied].sort()).toEqual(names);
  });

  it("asks again for a batch that failed", async () => {
    const h = harness({ fail: (n) => n === 2 });
    h.loader.add(names);
    h.loader.loadRest();
    while (h.applied.length < names.length) await h.answerAll();
    expect(h.requests).toEqual([
      ["f0", "f1", "f2", "f3"],
      ["f4", "f5", "f6", "f7"],
      ["f4", "f5", "f6", "f7"],
      ["f8", "f9"],
    ]);
    expect(h.applied).toEqual(names);
  });

  it("gives up after three failures in a row", async () => {
    const h = harness({ fail: (n) => n >= 2 });
    h.loader.add(names);
    h.loader.loadRest();
    for (let i = 0; i < 6; i++) await h.answerAll();
    expect(h.requests).toHaveLength(4);
    expect(h.applied).toEqual(["f0", "f1", "f2", "f3"]);
    h.loader.show(["f9"]);
    expect(h.requests).toHaveLength(4);
  });

  it("applies nothing after stop", async () => {
    const h = harness();
    h.loader.add(names);
    h.loader.loadRest();
    h.loader.stop();
    await h.answerAll();
    expect(h.requests).toHaveLength(1);
    expect(h.applied).toEqual([]);
  });
});
