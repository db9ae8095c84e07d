import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readZipBounded } from "./code-package-bounded";

describe("readZipBounded", () => {
  it("reads a normal package whole", async () => {
    const zip = zipSync({ "index.mjs": new TextEncoder().encode("export const handler = 1;\n") });
    const r = await readZipBounded(zip, { maxEntries: 10, maxTotalBytes: 1024 });
    expect(r.ok && r.entries.map((e) => e.path)).toEqual(["index.mjs"]);
  });

  it(
    "stops a zip bomb: 32 MB of zeros in a zip of a few kilobytes",
    { timeout: 30_000 },
    async () => {
      const bomb = zipSync({ "a.bin": new Uint8Array(32 * 1024 * 1024) }, { level: 1 });
      expect(bomb.length).toBeLessThan(200 * 1024);
      const before = process.memoryUsage().arrayBuffers;
      const r = await readZipBounded(bomb, { maxEntries: 10, maxTotalBytes: 4 * 1024 * 1024 });
      expect(r).toEqual({
        ok: false,
        reason: "its files expand to more than 4 MB, the most the editor opens",
      });
      // Nothing near the expanded size was held.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    },
  );

  it("stops a bomb spread over many small entries, and too many entries", async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50; i++) files[`f${i}.txt`] = new Uint8Array(200 * 1024);
    const spread = await readZipBounded(zipSync(files), {
      maxEntries: 100,
      maxTotalBytes: 1024 * 1024,
    });
    expect(spread.ok).toBe(false);
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 1500; i++) many[`m${i}.txt`] = new Uint8Array(1);
    expect(await readZipBounded(zipSync(many), { maxEntries: 1000, maxTotalBytes: 1e9 })).toEqual({
      ok: false,
      reason: "it has 1500 files; the editor opens at most 1000",
    });
  });
});
