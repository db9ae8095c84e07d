import { describe, expect, it } from "vitest";
import { zipSync } from "fflate";
import { asText, readZip, rezip } from "./code-package";

describe("code package", () => {
  it("round-trips files with their modes, replacing edited ones and dropping removed ones", async () => {
    const zip = zipSync({
      "index.mjs": [Buffer.from("old"), { os: 3, attrs: (0o644 << 16) >>> 0 }],
      bootstrap: [Buffer.from("#!/bin/sh"), { os: 3, attrs: (0o755 << 16) >>> 0 }],
      "lib/bin.dat": Buffer.from([0, 1, 2]),
      "gone.txt": Buffer.from("x"),
    });
    const entries = await readZip(zip);
    expect(entries.map((e) => e.path).sort()).toEqual([
      "bootstrap",
      "gone.txt",
      "index.mjs",
      "lib/bin.dat",
    ]);
    const out = await readZip(
      rezip(
        entries,
        [
          { path: "index.mjs", content: "new" },
          { path: "added.py", content: "print(1)" },
        ],
        ["gone.txt"],
      ),
    );
    const byPath = new Map(out.map((e) => [e.path, e]));
    expect(asText(byPath.get("index.mjs")?.data ?? new Uint8Array())).toBe("new");
    expect(byPath.get("bootstrap")?.mode).toBe(0o755);
    expect(byPath.get("lib/bin.dat")?.data).toEqual(new Uint8Array([0, 1, 2]));
    expect(byPath.has("gone.txt")).toBe(false);
    expect(byPath.has("added.py")).toBe(true);
  });

  it("treats NUL bytes and invalid UTF-8 as binary", () => {
    expect(asText(new Uint8Array([104, 105]))).toBe("hi");
    expect(asText(new Uint8Array([0, 1]))).toBeUndefined();
    expect(asText(new Uint8Array([0xff, 0xfe]))).toBeUndefined();
  });
});
