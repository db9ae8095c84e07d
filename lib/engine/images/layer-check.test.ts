import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { ImageError } from "./errors";
import { checkLayer } from "./layer-check";
import {
  gnuLongHeader,
  paxHeader,
  tarHeader,
  tarPadding,
  writeTar,
  type TarEntry,
} from "@/test/support/images/tar-writer";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layer-check-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function layer(
  entries: TarEntry[] | Buffer,
  gzip = true,
): { file: string; digest: string; tar: Buffer } {
  const tar = Buffer.isBuffer(entries) ? entries : writeTar(entries);
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

  describe("reads the archive as umoci's Go tar reader does", () => {
    /** A regular file record: header, data, padding. */
    const file = (name: string, data = "x") =>
      Buffer.concat([
        tarHeader({ name, type: "0", size: Buffer.byteLength(data) }),
        Buffer.from(data),
        tarPadding(Buffer.byteLength(data)),
      ]);
    const END = Buffer.alloc(1024);
    const EVIL = file("../../etc/evil");
    const DEVICE = tarHeader({ name: "dev/mem", type: "3", major: 1, minor: 1 });
    const refusal = async (tar: Buffer) => {
      const err = await check(layer(tar)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImageError);
      expect(err).toMatchObject({ code: "InvalidImage" });
      return (err as ImageError).reason;
    };

    // Go gives these types no data whatever their size says, so the blocks a size-trusting
    // reader skips are entries umoci unpacks (checked against umoci 0.4.7 / Go 1.19 by hand).
    it.each<[string, Buffer, Buffer, string]>([
      ["a directory", tarHeader({ name: "d/", type: "5", size: 1024 }), EVIL, 'directory "d/"'],
      [
        "a symlink",
        tarHeader({ name: "l", type: "2", link: "x", size: 512 }),
        DEVICE,
        'symbolic link "l"',
      ],
      [
        "a hard link",
        tarHeader({ name: "h", type: "1", link: "x", size: 1024 }),
        EVIL,
        'hard link "h"',
      ],
      ["a FIFO", tarHeader({ name: "p", type: "6", size: 512 }), DEVICE, 'FIFO "p"'],
      [
        'a legacy "\\0" entry named like a directory',
        tarHeader({ name: "r/", type: "\0", size: 1024 }),
        EVIL,
        'directory "r/"',
      ],
    ])(
      "refuses %s header with a non-zero size (hiding an entry in its 'data')",
      async (_what, header, hidden, message) => {
        const reason = await refusal(Buffer.concat([header, hidden, END]));
        expect(reason).toContain(message);
        expect(reason).toContain("entries of that type carry no data");
      },
    );

    it("reads an octal size after leading NULs, so the entry after the data is checked", async () => {
      // "\0\0\0\0" + "0001000" + "\0": Go trims the NULs and reads 512 bytes of data, which
      // here look like a directory header claiming the next block.
      const sizeField = Buffer.from("\0\0\0\x000001000\0", "latin1");
      const decoy = tarHeader({ name: "decoy/", type: "5", size: 512 });
      const tar = Buffer.concat([tarHeader({ name: "f", type: "0", sizeField }), decoy, EVIL, END]);
      expect(await refusal(tar)).toContain('the path "../../etc/evil"');
    });

    it("lets a GNU long name win over a PAX path, and ignores an empty PAX path", async () => {
      const gnuWins = Buffer.concat([
        paxHeader({ path: "safe" }),
        gnuLongHeader("L", "../../etc/evil"),
        file("short"),
        END,
      ]);
      expect(await refusal(gnuWins)).toContain('the path "../../etc/evil"');
      const emptyPax = Buffer.concat([paxHeader({ path: "" }), EVIL, END]);
      expect(await refusal(emptyPax)).toContain('the path "../../etc/evil"');
    });

    it("refuses PAX global headers, GNU sparse files and entries after a lone zero block", async () => {
      const global = Buffer.concat([paxHeader({ path: "safe" }), paxHeader({}, "g"), EVIL, END]);
      expect(await refusal(global)).toContain("PAX global header");
      const sparse = Buffer.concat([
        paxHeader({ "GNU.sparse.major": "1", "GNU.sparse.minor": "0", "GNU.sparse.name": "../x" }),
        file("ok"),
        END,
      ]);
      expect(await refusal(sparse)).toContain("sparse");
      const afterZero = Buffer.concat([file("ok"), Buffer.alloc(512), EVIL, END]);
      expect(await refusal(afterZero)).toContain("zero block");
    });

    it("accepts GNU long names, base-256 sizes and PAX sizes, counting what Go counts", async () => {
      const big = Buffer.alloc(12);
      big[0] = 0x80;
      big.writeUInt32BE(700, 8);
      const tar = Buffer.concat([
        gnuLongHeader("L", `deep/${"n".repeat(120)}`),
        file("ignored", "abc"),
        tarHeader({ name: "b256", type: "0", sizeField: big }),
        Buffer.alloc(700, 1),
        tarPadding(700),
        paxHeader({ size: "20" }),
        tarHeader({ name: "paxsized", type: "0", size: 0 }),
        Buffer.alloc(20, 2),
        tarPadding(20),
        tarHeader({ name: "dir/", type: "5" }),
        END,
      ]);
      expect(await check(layer(tar))).toMatchObject({ unpackedBytes: 723, entries: 4 });
    });
  });
});
