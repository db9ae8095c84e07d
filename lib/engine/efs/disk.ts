import fs from "node:fs";
import path from "node:path";
import type { RootDirectory } from "./types";

/** Where a file system's data lives on the host: a directory in the data dir, root-owned 0755. */
export function fileSystemDir(dataDir: string, fileSystemId: string): string {
  return path.join(dataDir, "efs", fileSystemId);
}

export async function createFileSystemDir(dataDir: string, fileSystemId: string): Promise<void> {
  await fs.promises.mkdir(path.join(dataDir, "efs"), { recursive: true, mode: 0o711 });
  const dir = fileSystemDir(dataDir, fileSystemId);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o755 });
  // EFS's root directory: owned by root, 0755 (umask could have narrowed mkdir's mode).
  await fs.promises.chmod(dir, 0o755);
}

export async function removeFileSystemDir(dataDir: string, fileSystemId: string): Promise<void> {
  await fs.promises.rm(fileSystemDir(dataDir, fileSystemId), { recursive: true, force: true });
}

/** Bytes of data and metadata in a file system, by walking it (links are counted, never followed). */
export function measureBytes(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() ?? "";
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    total += 4096;
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else {
        try {
          total += fs.lstatSync(p).size;
        } catch {
          // removed while measured
        }
      }
    }
  }
  return total;
}

/** Why an access point's root directory cannot be used, as Lambda reports a failed mount. */
export class MountProblem extends Error {}

/**
 * The host directory of an access point's root, created on first use with its CreationInfo
 * owner and permissions. Functions write into the file system, so every component is checked
 * with lstat and a symbolic link anywhere on the path is refused: a function on one access point
 * must not steer the engine (root) into creating or mounting a directory outside its file system.
 */
export async function ensureAccessPointRoot(fsDir: string, root: RootDirectory): Promise<string> {
  const parts = root.Path.split("/").filter((p) => p !== "");
  let current = fsDir;
  for (const part of parts) {
    if (part === "." || part === "..")
      throw new MountProblem(`invalid root directory ${root.Path}`);
    current = path.join(current, part);
    let st: fs.Stats | undefined;
    try {
      st = await fs.promises.lstat(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    if (st) {
      if (st.isSymbolicLink() || !st.isDirectory())
        throw new MountProblem(`the root directory ${root.Path} is not a directory`);
      continue;
    }
    const info = root.CreationInfo;
    if (!info)
      throw new MountProblem(
        `the root directory ${root.Path} does not exist and the access point has no CreationInfo`,
      );
    try {
      await fs.promises.mkdir(current);
    } catch (err) {
      // Another environment made it first: checked again on the next round.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const again = await fs.promises.lstat(current);
      if (again.isSymbolicLink() || !again.isDirectory())
        throw new MountProblem(`the root directory ${root.Path} is not a directory`);
      continue;
    }
    try {
      await fs.promises.lchown(current, info.OwnerUid, info.OwnerGid);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EPERM") throw err;
      throw new MountProblem(
        `the engine may not give ${root.Path} to ${info.OwnerUid}:${info.OwnerGid} (it is not root)`,
      );
    }
    await fs.promises.chmod(current, parseInt(info.Permissions, 8));
  }
  // Belt and braces: what bwrap will bind must resolve inside the file system.
  const real = await fs.promises.realpath(current);
  const base = await fs.promises.realpath(fsDir);
  if (real !== base && !real.startsWith(base + path.sep))
    throw new MountProblem(`the root directory ${root.Path} is outside the file system`);
  return real;
}
