import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FileBrowserError,
  fileSystemRoot,
  listDirectory,
  makeDirectory,
  openFile,
  removeEntry,
  writeNewFile,
} from "./safe-fs";

let dataDir: string;
let root: string;
let outside: string;

const FS_ID = "fs-0123456789abcdef0";

async function* chunks(text: string) {
  yield Buffer.from(text);
}

function status(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof FileBrowserError) return err.status;
    throw err;
  }
  return undefined;
}

async function statusAsync(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FileBrowserError) return err.status;
    throw err;
  }
  return undefined;
}

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "file-browser-"));
  root = path.join(dataDir, "efs", FS_ID);
  fs.mkdirSync(root, { recursive: true });
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "file-browser-outside-"));
  fs.writeFileSync(path.join(outside, "secret"), "host secret");
  fs.writeFileSync(path.join(dataDir, "engine-credentials.json"), "{}");
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe("the file browser's file access", () => {
  it("lists, uploads, makes folders, downloads and deletes inside the file system", async () => {
    makeDirectory(root, "/", "docs");
    await writeNewFile(root, "/docs", "a.txt", chunks("hello"), 1000);
    expect(listDirectory(root, "/").map((e) => [e.name, e.type])).toEqual([["docs", "directory"]]);
    expect(listDirectory(root, "docs")[0]).toMatchObject({ name: "a.txt", type: "file", size: 5 });
    const f = openFile(root, "/docs/a.txt");
    expect(fs.readFileSync(f.fd, "utf8")).toBe("hello");
    fs.closeSync(f.fd);
    expect(await statusAsync(writeNewFile(root, "docs", "a.txt", chunks("x"), 1000))).toBe(409);
    expect(await statusAsync(writeNewFile(root, "docs", "big", chunks("xxxx"), 3))).toBe(413);
    expect(fs.existsSync(path.join(root, "docs", "big"))).toBe(false);
    removeEntry(root, "docs");
    expect(listDirectory(root, "")).toEqual([]);
  });

  it("new files and folders belong to the owner of their folder", async () => {
    if (process.getuid?.() !== 0) return; // only root can give files away
    fs.mkdirSync(path.join(root, "app"));
    fs.chownSync(path.join(root, "app"), 1234, 2345);
    await writeNewFile(root, "app", "up.bin", chunks("data"), 100);
    makeDirectory(root, "app", "sub");
    for (const p of ["up.bin", "sub"]) {
      const st = fs.statSync(path.join(root, "app", p));
      expect([st.uid, st.gid]).toEqual([1234, 2345]);
    }
  });

  it("refuses traversal: .., absolute paths, NUL bytes and bad ids", () => {
    expect(status(() => listDirectory(root, ".."))).toBe(400);
    expect(status(() => listDirectory(root, "docs/../../.."))).toBe(400);
    expect(status(() => openFile(root, "../../engine-credentials.json"))).toBe(400);
    expect(status(() => openFile(root, "/etc/passwd"))).toBe(404); // /etc/passwd inside the tree
    expect(status(() => openFile(root, "a\0b"))).toBe(400);
    expect(status(() => makeDirectory(root, "", ".."))).toBe(400);
    expect(status(() => makeDirectory(root, "", "a/b"))).toBe(400);
    expect(status(() => removeEntry(root, "/"))).toBe(400);
    expect(status(() => fileSystemRoot(dataDir, "../efs"))).toBe(404);
    expect(status(() => fileSystemRoot(dataDir, "fs-00000000000000000"))).toBe(404);
    expect(fileSystemRoot(dataDir, FS_ID)).toBe(root);
  });

  it("never follows a symbolic link a function planted", async () => {
    fs.symlinkSync(outside, path.join(root, "dirlink"));
    fs.symlinkSync(path.join(outside, "secret"), path.join(root, "filelink"));
    fs.symlinkSync("/", path.join(root, "rootlink"));
    // Listed as links, never entered or read.
    expect(listDirectory(root, "").map((e) => [e.name, e.type])).toEqual([
      ["dirlink", "symlink"],
      ["filelink", "symlink"],
      ["rootlink", "symlink"],
    ]);
    expect(status(() => listDirectory(root, "dirlink"))).toBe(400);
    expect(status(() => listDirectory(root, "rootlink/etc"))).toBe(400);
    expect(status(() => openFile(root, "filelink"))).toBe(400);
    expect(status(() => openFile(root, "dirlink/secret"))).toBe(400);
    expect(status(() => openFile(root, "rootlink/etc/passwd"))).toBe(400);
    // Writes neither through a linked folder nor over a link.
    expect(await statusAsync(writeNewFile(root, "dirlink", "planted", chunks("x"), 100))).toBe(400);
    expect(await statusAsync(writeNewFile(root, "", "filelink", chunks("x"), 100))).toBe(409);
    expect(status(() => makeDirectory(root, "dirlink", "d"))).toBe(400);
    expect(fs.readdirSync(outside)).toEqual(["secret"]);
    expect(fs.readFileSync(path.join(outside, "secret"), "utf8")).toBe("host secret");
    // Deleting a link (or a folder holding one) removes the link, never what it points at.
    fs.mkdirSync(path.join(root, "folder"));
    fs.symlinkSync(outside, path.join(root, "folder", "inner"));
    expect(status(() => removeEntry(root, "dirlink/secret"))).toBe(400);
    removeEntry(root, "folder");
    removeEntry(root, "dirlink");
    expect(fs.readFileSync(path.join(outside, "secret"), "utf8")).toBe("host secret");
    expect(fs.existsSync(path.join(root, "folder"))).toBe(false);
  });
});
