import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { ImageError } from "./errors";
import { checkLayer } from "./layer-check";
import { writeTar, type TarEntry } from "./tar-writer";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layer-check-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function layer(entries: TarEntry[], gzip = true): { file: string; digest: string; tar: Buffer } {
  const tar = writeTar(entries);
  const blob = gzip ? zlib.gzipSync(tar) : tar;
  const digest = `sha256:${crypto.createHash("sha256").update(blob).digest("hex")}`;
  const file = path.join(dir, digest.slice(7));
  fs.writeFileSync(file, blob);
  return { file, digest, tar };
}

const check = (l: { file: string; digest: string }, budgetBytes = 1 << 30) =>
  checkLayer(l.file, { digest: l.digest, budgetBytes, imageUri: "127.0.0.1:5000/t:v1" });

describe("checkLayer", () => {
  it("sums regular files, reads long PAX names and reports the diff_id", async () => {
    const long = `a/${"x".repeat(150)}/file.txt`;
    const l = layer([
      { name: "bin", type: "dir" },
      { name: "bin/tool", type: "file", data: Buffer.alloc(1000, 1) },
      { name: long, type: "file", data: "hello" },
      { name: "bin/sh", type: "symlink", target: "/bin/tool" },
    ]);
    const s = await check(l);
    expect(s).toEqual({
      diffId: `sha256:${crypto.createHash("sha256").update(l.tar).digest("hex")}`,
      unpackedBytes: 1005,
      entries: 4,
    });
    expect(
      (await check(layer([{ name: "f", type: "file", data: "abc" }], false))).unpackedBytes,
    ).toBe(3);
  });

  it.each<[string, TarEntry[], string]>([
    ["a ../ path", [{ name: "../escape", type: "file", data: "x" }], 'the path "../escape"'],
    [
      "a nested ../ path",
      [{ name: "a/../../etc/passwd", type: "file", data: "x" }],
      "escapes the image root",
    ],
    [
      "a hard link out of the root",
      [{ name: "ok", type: "hardlink", target: "../../etc/shadow" }],
      "hard link",
    ],
    ["a device node", [{ name: "dev/null", type: "chardev", major: 1, minor: 3 }], "device file"],
  ])("refuses %s with InvalidImage", async (_what, entries, message) => {
    const err = await check(layer(entries)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageError);
    expect(err).toMatchObject({ code: "InvalidImage" });
    expect((err as ImageError).reason).toContain(message);
  });

  it("refuses a layer over the size budget", async () => {
    const err = await check(
      layer([{ name: "big", type: "file", data: Buffer.alloc(4096) }]),
      4000,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "InvalidImage", reason: expect.stringContaining("10 GB") });
  });

  it("refuses a corrupt blob (digest mismatch) and one that is not a tar", async () => {
    const l = layer([{ name: "f", type: "file", data: "abc" }]);
    const other = "sha256:" + "0".repeat(64);
    await expect(
      checkLayer(l.file, { digest: other, budgetBytes: 1 << 20, imageUri: "u" }),
    ).rejects.toMatchObject({
      code: "InvalidImage",
      reason: expect.stringContaining("corrupt"),
    });
    const junk = path.join(dir, "junk");
    fs.writeFileSync(
      junk,
      Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from("not gzip at all")]),
    );
    const d = `sha256:${crypto.createHash("sha256").update(fs.readFileSync(junk)).digest("hex")}`;
    await expect(
      checkLayer(junk, { digest: d, budgetBytes: 1 << 20, imageUri: "u" }),
    ).rejects.toMatchObject({ code: "InvalidImage" });
  });
});
