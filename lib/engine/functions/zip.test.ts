import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { zipSync, type Zippable } from "fflate";
import { extractZip, inspectZip, isContainedLink } from "./zip";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "zip-test-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Entries as [content, unix mode]; S_IFLNK modes make symlinks whose content is the target. */
function zipOf(files: Record<string, [string, number]>): Buffer {
  const z: Zippable = {};
  for (const [name, [content, mode]] of Object.entries(files))
    z[name] = [Buffer.from(content), { os: 3, attrs: (mode << 16) >>> 0 }];
  return Buffer.from(zipSync(z));
}

async function extract(zip: Buffer): Promise<string> {
  const d = tmp();
  fs.writeFileSync(path.join(d, "p.zip"), zip);
  await extractZip(path.join(d, "p.zip"), path.join(d, "out"));
  return path.join(d, "out");
}

describe("isContainedLink", () => {
  it("accepts links inside the root and refuses the rest", () => {
    expect(isContainedLink("a/b", "c")).toBe(true);
    expect(isContainedLink("a/b", "../c")).toBe(true);
    expect(isContainedLink("a/b", "../../c")).toBe(false);
    expect(isContainedLink("b", "/etc/passwd")).toBe(false);
    expect(isContainedLink("b", "")).toBe(false);
  });
});

describe("inspectZip / extractZip", () => {
  it("reports entries and unzipped size", async () => {
    const s = await inspectZip(
      zipOf({ "a.txt": ["hello", 0o100644], "b/c.txt": ["world!", 0o100644] }),
    );
    expect(s).toEqual({ entries: 2, unzippedSize: 11 });
  });

  it("keeps executable bits and makes files readable", async () => {
    const out = await extract(
      zipOf({ bootstrap: ["#!/bin/sh\n", 0o100700], "lib/x.txt": ["x", 0o100600] }),
    );
    expect(fs.statSync(path.join(out, "bootstrap")).mode & 0o777).toBe(0o744);
    expect(fs.statSync(path.join(out, "lib/x.txt")).mode & 0o777).toBe(0o644);
  });

  it("keeps symlinks that stay inside", async () => {
    const out = await extract(
      zipOf({ "real.txt": ["data", 0o100644], "alias.txt": ["real.txt", 0o120777] }),
    );
    expect(fs.readlinkSync(path.join(out, "alias.txt"))).toBe("real.txt");
    expect(fs.readFileSync(path.join(out, "alias.txt"), "utf8")).toBe("data");
  });

  it("refuses a chain of links that only escapes on the real tree", async () => {
    // "a/l" → ".." is the root, lexically fine; "m" → "a/l/.." then resolves above the root.
    const zip = zipOf({ "a/l": ["..", 0o120777], m: ["a/l/..", 0o120777] });
    await expect(extract(zip)).rejects.toThrow(/escapes the root/);
  });

  it("refuses outward links at inspection", async () => {
    await expect(inspectZip(zipOf({ l: ["../x", 0o120777] }))).rejects.toThrow(
      "Could not unzip uploaded file",
    );
  });
});
