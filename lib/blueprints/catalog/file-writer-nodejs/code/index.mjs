// Appends a line to a file on the mounted file system (FILE_SYSTEM_PATH, /mnt/data by default).
import { appendFile, mkdir, open, readdir, stat, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const root = process.env.FILE_SYSTEM_PATH || "/mnt/data";

// O_EXCL lock file: works on EFS (NFSv4) where advisory flock() between clients is not reliable.
async function withLock(file, fn) {
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, "wx");
      await handle.close();
      break;
    } catch (err) {
      if (err.code !== "EEXIST" || attempt > 50) throw err;
      await sleep(20);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => {});
  }
}

export const handler = async (event) => {
  // basename() keeps callers inside the mount: "../../etc/passwd" becomes "passwd".
  const name = basename(String(event?.fileName ?? "log.txt"));
  if (!name || name.startsWith(".")) throw new Error("fileName must be a plain file name");
  const line = `${String(event?.content ?? "")}\n`;
  await mkdir(root, { recursive: true });
  const path = join(root, name);
  await withLock(path, () => appendFile(path, line, "utf8"));
  const { size } = await stat(path);
  const files = (await readdir(root)).filter((f) => !f.endsWith(".lock")).sort();
  return { path, appendedBytes: Buffer.byteLength(line), size, files };
};
