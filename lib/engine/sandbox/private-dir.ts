import fs from "node:fs";
import os from "node:os";
import path from "node:path";

let dir: string | undefined;

/** True when p is a real directory (not a link) that only this user can write. */
function isPrivate(p: string): boolean {
  try {
    const st = fs.lstatSync(p);
    const uid = process.getuid?.() ?? st.uid;
    return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/**
 * The engine's private scratch directory: `<tmp>/lambda-console-<uid>`, mode 0700 and owned by
 * this user, so no other local user can plant files or links in what sandboxes are built from
 * (the runtime bundle, the SDK view, /etc files, standby task dirs). If someone else made that
 * path first, a fresh mkdtemp directory is used instead (no cache across restarts, nothing trusted).
 */
export function privateDir(): string {
  if (dir && isPrivate(dir)) return dir;
  const shared = path.join(os.tmpdir(), `lambda-console-${process.getuid?.() ?? "user"}`);
  try {
    fs.mkdirSync(shared, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  dir = isPrivate(shared)
    ? shared
    : fs.mkdtempSync(path.join(os.tmpdir(), "lambda-console-private-"));
  return dir;
}

/**
 * Writes a file inside the private dir atomically (write to a temp name, then rename), unless it
 * already holds exactly this text. Sandboxes bind these files (/etc/hosts, passwd, ...) while
 * other environments and other engines on the host are being built: a rename over a file a
 * sandbox is being set up on unlinks it under bwrap, and a bind over an unlinked file's mount
 * does not take (issue 16: a proxy endpoint missing from /etc/hosts under load).
 */
export function writePrivateFile(name: string, text: string, mode = 0o644): string {
  const dest = path.join(privateDir(), name);
  if (holds(dest, text, mode)) return dest;
  const tmp = `${dest}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(tmp, text, { mode, flag: "wx" });
  fs.renameSync(tmp, dest);
  return dest;
}

/** True when `file` is a regular file (not a link) of this mode holding exactly `text`. */
function holds(file: string, text: string, mode: number): boolean {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || (st.mode & 0o777) !== mode) return false;
    return fs.readFileSync(file, "utf8") === text;
  } catch {
    return false;
  }
}
