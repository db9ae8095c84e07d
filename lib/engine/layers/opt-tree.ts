import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";

/**
 * Overlays one unpacked layer onto a tree: directories merged, files hard-linked (the blobs'
 * read-only inodes, no bytes copied; a copy across file systems), symlinks recreated. What is
 * already there at a path is replaced: a later layer overrides an earlier one, as on Lambda.
 */
async function overlay(from: string, to: string): Promise<void> {
  for (const e of await fsp.readdir(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    const existing = await fsp.lstat(dst).catch(() => undefined);
    if (e.isDirectory()) {
      if (existing && !existing.isDirectory()) await fsp.rm(dst, { force: true });
      if (!existing?.isDirectory()) await fsp.mkdir(dst, { mode: 0o755 });
      await overlay(src, dst);
      continue;
    }
    if (existing) await fsp.rm(dst, { recursive: true, force: true });
    if (e.isSymbolicLink()) await fsp.symlink(await fsp.readlink(src), dst);
    else if (e.isFile())
      await fsp.link(src, dst).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== "EXDEV" && err.code !== "EPERM" && err.code !== "EMLINK") throw err;
        await fsp.copyFile(src, dst);
        await fsp.chmod(dst, (await fsp.stat(src)).mode & 0o7777);
      });
  }
}

/**
 * The /opt trees of functions with layers: <dataDir>/layers/opt/<key>/, one per ordered
 * combination of layer contents, built once (temp dir renamed into place) and never changed.
 * Layer versions are immutable and addressed by content, so publishing a new version builds a new
 * tree and never touches one a running environment shows.
 */
export class OptTrees {
  private readonly root: string;
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(dataDir: string) {
    this.root = path.join(dataDir, "layers", "opt");
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    for (const name of fs.readdirSync(this.root)) {
      if (name.startsWith(".tmp-"))
        fs.rmSync(path.join(this.root, name), { recursive: true, force: true });
    }
  }

  /** The tree for these unpacked layer dirs, in order (later ones override earlier ones). */
  ensure(layerDirs: string[]): Promise<string> {
    const key = crypto.createHash("sha256").update(layerDirs.join("\n")).digest("hex");
    const dest = path.join(this.root, key);
    if (fs.existsSync(dest)) return Promise.resolve(dest);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.build(layerDirs, dest).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async build(layerDirs: string[], dest: string): Promise<string> {
    const tmp = path.join(this.root, `.tmp-${crypto.randomBytes(6).toString("hex")}`);
    try {
      await fsp.mkdir(tmp, { mode: 0o755 });
      for (const dir of layerDirs) await overlay(dir, tmp);
      await fsp.chmod(tmp, 0o755);
      if (fs.existsSync(dest)) await fsp.rm(tmp, { recursive: true, force: true });
      else await fsp.rename(tmp, dest);
      return dest;
    } catch (err) {
      await fsp.rm(tmp, { recursive: true, force: true });
      throw err;
    }
  }
}

const trees = new Map<string, OptTrees>();

/** The engine's OptTrees for a data dir (one per engine; specs start several engines). */
export function optTreesFor(dataDir: string): OptTrees {
  let t = trees.get(dataDir);
  if (!t) {
    t = new OptTrees(dataDir);
    trees.set(dataDir, t);
  }
  return t;
}
