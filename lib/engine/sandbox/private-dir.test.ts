import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Another local user who can write the shared temp dir plants the engine's scratch path first
// (a link to a place of theirs, or a directory they own): the engine must not build sandboxes there.
describe("the engine's private scratch dir", () => {
  let tmp: string;
  const saved = process.env.TMPDIR;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "private-dir-"));
    process.env.TMPDIR = tmp;
    vi.resetModules();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const load = () => import("./private-dir");
  const expected = () => path.join(tmp, `lambda-console-${process.getuid?.() ?? "user"}`);

  it("is <tmp>/lambda-console-<uid>, mode 0700, when the path is free", async () => {
    const { privateDir } = await load();
    expect(privateDir()).toBe(expected());
    expect(fs.statSync(expected()).mode & 0o777).toBe(0o700);
  });

  it("ignores a planted symlink and writes nothing through it", async () => {
    const victim = fs.mkdtempSync(path.join(tmp, "victim-"));
    fs.symlinkSync(victim, expected());
    const { privateDir, writePrivateFile } = await load();
    const dir = privateDir();
    expect(dir).not.toBe(expected());
    expect(fs.lstatSync(dir).isDirectory()).toBe(true);
    writePrivateFile("sandbox-passwd", "x");
    expect(fs.readdirSync(victim)).toEqual([]);
  });

  it("leaves a file that already holds the text in place (sandboxes may be binding it)", async () => {
    const { writePrivateFile } = await load();
    const file = writePrivateFile("sandbox-hosts", "127.0.0.1\tlocalhost\n");
    const inode = fs.statSync(file).ino;
    // Another engine writing the same file must not unlink the one a sandbox is set up on.
    expect(writePrivateFile("sandbox-hosts", "127.0.0.1\tlocalhost\n")).toBe(file);
    expect(fs.statSync(file).ino).toBe(inode);
    // Other text replaces it, atomically.
    writePrivateFile("sandbox-hosts", "127.0.0.1\tother\n");
    expect(fs.readFileSync(file, "utf8")).toBe("127.0.0.1\tother\n");
    expect(fs.statSync(file).ino).not.toBe(inode);
  });

  it("ignores a planted directory others can write", async () => {
    fs.mkdirSync(expected(), { mode: 0o777 });
    fs.chmodSync(expected(), 0o777);
    const { privateDir } = await load();
    expect(privateDir()).not.toBe(expected());
  });
});
