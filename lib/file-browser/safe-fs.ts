import "server-only";
import fs from "node:fs";
import path from "node:path";

/**
 * Path-traversal-proof access to one local file system's directory tree for the console's file
 * browser. Functions write into these trees (as hostile code may), so a path from the browser is
 * never handed to the OS as a string: it is split into plain names and walked one directory at
 * a time from an open descriptor, each step opened with O_NOFOLLOW through /proc/self/fd/<fd>/,
 * so neither "..", an absolute path, nor a symbolic link (planted before or during the walk) can
 * lead outside the tree. Symbolic links are listed but never followed, read or written through.
 */

export class FileBrowserError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413,
    message: string,
  ) {
    super(message);
  }
}

const FS_ID = /^fs-[0-9a-f]{8,40}$/;
const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_WRONLY, O_CREAT, O_EXCL } = fs.constants;

export interface Entry {
  name: string;
  type: "file" | "directory" | "symlink" | "other";
  size: number;
  modified: string;
  uid: number;
  gid: number;
  mode: string;
}

/** The host directory of a local file system (the engine keeps them in <data dir>/efs). */
export function fileSystemRoot(dataDir: string, fileSystemId: string): string {
  if (!FS_ID.test(fileSystemId)) throw new FileBrowserError(404, "No such file system.");
  const root = path.join(dataDir, "efs", fileSystemId);
  if (!fs.existsSync(root)) throw new FileBrowserError(404, "No such file system.");
  return root;
}

/** A name inside a directory: no separators, no "." or "..", no NUL. */
function checkName(name: string): string {
  if (
    name === "" ||
    name === "." ||
    name === ".." ||
    name.includes("/") ||
    name.includes("\0") ||
    Buffer.byteLength(name) > 255
  )
    throw new FileBrowserError(400, `"${name}" is not a valid file or folder name.`);
  return name;
}

/** "/a/b/" → ["a", "b"]; anything that is not a plain name is refused. */
export function splitPath(p: string): string[] {
  if (p.length > 4096) throw new FileBrowserError(400, "The path is too long.");
  return p
    .split("/")
    .filter((s) => s !== "")
    .map(checkName);
}

const at = (dirFd: number, name: string) => `/proc/self/fd/${dirFd}/${name}`;

function errnoStatus(err: unknown): FileBrowserError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new FileBrowserError(404, "No such file or folder.");
  if (code === "ELOOP" || code === "ENOTDIR")
    return new FileBrowserError(400, "Symbolic links are not followed.");
  if (code === "EEXIST") return new FileBrowserError(409, "A file or folder of that name exists.");
  if (code === "ENOTEMPTY") return new FileBrowserError(409, "The folder is not empty.");
  throw err;
}

/** Opens the directory at `parts` under root, one O_NOFOLLOW step at a time; returns its fd. */
function openDir(root: string, parts: string[]): number {
  let fd = fs.openSync(root, O_RDONLY | O_DIRECTORY);
  try {
    for (const part of parts) {
      const next = fs.openSync(at(fd, part), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      fs.closeSync(fd);
      fd = next;
    }
    return fd;
  } catch (err) {
    fs.closeSync(fd);
    throw errnoStatus(err);
  }
}

function withDir<T>(root: string, parts: string[], fn: (fd: number) => T): T {
  const fd = openDir(root, parts);
  try {
    return fn(fd);
  } catch (err) {
    if (err instanceof FileBrowserError) throw err;
    throw errnoStatus(err);
  } finally {
    fs.closeSync(fd);
  }
}

function typeOf(st: fs.Stats): Entry["type"] {
  if (st.isSymbolicLink()) return "symlink";
  if (st.isDirectory()) return "directory";
  if (st.isFile()) return "file";
  return "other";
}

export function listDirectory(root: string, dir: string): Entry[] {
  return withDir(root, splitPath(dir), (fd) =>
    fs
      .readdirSync(`/proc/self/fd/${fd}`)
      .flatMap((name): Entry[] => {
        try {
          const st = fs.lstatSync(at(fd, name));
          return [
            {
              name,
              type: typeOf(st),
              size: st.size,
              modified: st.mtime.toISOString(),
              uid: st.uid,
              gid: st.gid,
              mode: (st.mode & 0o7777).toString(8).padStart(4, "0"),
            },
          ];
        } catch {
          return []; // removed while listed
        }
      })
      .sort((a, b) =>
        a.type === b.type
          ? a.name.localeCompare(b.name)
          : a.type === "directory"
            ? -1
            : b.type === "directory"
              ? 1
              : a.name.localeCompare(b.name),
      ),
  );
}

/** A regular file opened for reading (the caller streams and closes it). */
export function openFile(root: string, file: string): { fd: number; size: number; name: string } {
  const parts = splitPath(file);
  const name = parts.pop();
  if (!name) throw new FileBrowserError(400, "Name a file.");
  return withDir(root, parts, (dfd) => {
    const fd = fs.openSync(at(dfd, name), O_RDONLY | O_NOFOLLOW);
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      fs.closeSync(fd);
      throw new FileBrowserError(400, "Only regular files can be downloaded.");
    }
    return { fd, size: st.size, name };
  });
}

/** New files and folders belong to the owner of the folder they are made in (when we may chown). */
function adoptOwner(dirFd: number, fd: number): void {
  if (process.getuid?.() !== 0) return;
  const parent = fs.fstatSync(dirFd);
  fs.fchownSync(fd, parent.uid, parent.gid);
}

/** Writes a new file (never through a link, never over an existing name). */
export async function writeNewFile(
  root: string,
  dir: string,
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<number> {
  checkName(name);
  const dfd = openDir(root, splitPath(dir));
  let fd: number | undefined;
  let size = 0;
  try {
    try {
      fd = fs.openSync(at(dfd, name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
    } catch (err) {
      throw errnoStatus(err);
    }
    adoptOwner(dfd, fd);
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > maxBytes) throw new FileBrowserError(413, "The file is too large.");
      let off = 0;
      while (off < chunk.length) off += fs.writeSync(fd, chunk, off);
    }
    return size;
  } catch (err) {
    if (fd !== undefined) fs.unlinkSync(at(dfd, name));
    throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    fs.closeSync(dfd);
  }
}

export function makeDirectory(root: string, dir: string, name: string): void {
  checkName(name);
  withDir(root, splitPath(dir), (dfd) => {
    fs.mkdirSync(at(dfd, name), { mode: 0o755 });
    const fd = fs.openSync(at(dfd, name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try {
      adoptOwner(dfd, fd);
    } finally {
      fs.closeSync(fd);
    }
  });
}

/** Removes an entry; a folder with everything in it, walked by descriptors (links unlinked, not followed). */
export function removeEntry(root: string, target: string): void {
  const parts = splitPath(target);
  const name = parts.pop();
  if (!name) throw new FileBrowserError(400, "The file system's root cannot be deleted.");
  withDir(root, parts, (dfd) => removeAt(dfd, name));
}

function removeAt(dfd: number, name: string): void {
  const st = fs.lstatSync(at(dfd, name));
  if (!st.isDirectory()) return fs.unlinkSync(at(dfd, name));
  let fd: number;
  try {
    fd = fs.openSync(at(dfd, name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  } catch (err) {
    // Swapped for a link since the lstat: unlink the link itself.
    if (
      (err as NodeJS.ErrnoException).code === "ELOOP" ||
      (err as NodeJS.ErrnoException).code === "ENOTDIR"
    )
      return fs.unlinkSync(at(dfd, name));
    throw err;
  }
  try {
    for (const child of fs.readdirSync(`/proc/self/fd/${fd}`)) removeAt(fd, child);
  } finally {
    fs.closeSync(fd);
  }
  fs.rmdirSync(at(dfd, name));
}
