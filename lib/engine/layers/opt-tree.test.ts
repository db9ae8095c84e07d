import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { OptTrees } from "./opt-tree";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string | { link: string }>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "opt-layer-"));
  dirs.push(root);
  for (const [p, v] of Object.entries(files)) {
    const full = path.join(root, p);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (typeof v === "string") fs.writeFileSync(full, v);
    else fs.symlinkSync(v.link, full);
  }
  return root;
}

function dataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "opt-data-"));
  dirs.push(d);
  return d;
}

describe("OptTrees", () => {
  it("overlays layers in order: a later layer's file, directory or link replaces an earlier one's", async () => {
    const a = tree({
      "same.txt": "a",
      "only-a.txt": "a",
      "was-file": "a",
      "was-dir/inner.txt": "a",
      "nodejs/node_modules/x/index.js": "a",
    });
    const b = tree({
      "same.txt": "b",
      "was-file/now-dir.txt": "b",
      "was-dir": "now a file",
      "nodejs/node_modules/y/index.js": "b",
      "link.txt": { link: "same.txt" },
    });
    const opt = await new OptTrees(dataDir()).ensure([a, b]);
    const read = (p: string) => fs.readFileSync(path.join(opt, p), "utf8");
    expect(read("same.txt")).toBe("b");
    expect(read("only-a.txt")).toBe("a");
    expect(read("was-file/now-dir.txt")).toBe("b");
    expect(read("was-dir")).toBe("now a file");
    expect(read("nodejs/node_modules/x/index.js")).toBe("a");
    expect(read("nodejs/node_modules/y/index.js")).toBe("b");
    expect(fs.readlinkSync(path.join(opt, "link.txt"))).toBe("same.txt");
    // The sources are untouched (they are other functions' layers too).
    expect(fs.readFileSync(path.join(a, "same.txt"), "utf8")).toBe("a");
    expect(fs.statSync(path.join(a, "was-file")).isFile()).toBe(true);
  });

  it("builds one tree per ordered combination, once; another order is another tree", async () => {
    const a = tree({ "f.txt": "a" });
    const b = tree({ "f.txt": "b" });
    const trees = new OptTrees(dataDir());
    const [ab1, ab2] = await Promise.all([trees.ensure([a, b]), trees.ensure([a, b])]);
    expect(ab1).toBe(ab2);
    const ba = await trees.ensure([b, a]);
    expect(ba).not.toBe(ab1);
    expect(fs.readFileSync(path.join(ab1, "f.txt"), "utf8")).toBe("b");
    expect(fs.readFileSync(path.join(ba, "f.txt"), "utf8")).toBe("a");
    expect(await trees.ensure([a, b])).toBe(ab1);
  });
});
