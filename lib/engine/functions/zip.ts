import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { invalidParameter } from "../errors/aws-error";

/** Lambda's quotas for a deployment package uploaded directly. */
export const MAX_ZIPPED_BYTES = 52_428_800;
export const MAX_UNZIPPED_BYTES = 262_144_000;

const UNZIP_FAILED =
  "Could not unzip uploaded file. Please check your file, then try to upload again.";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

type EntryKind = "file" | "dir" | "symlink";

function unixMode(entry: yauzl.Entry): number {
  // Only zips made on Unix (versionMadeBy high byte 3) carry a meaningful st_mode.
  return entry.versionMadeBy >> 8 === 3 ? entry.externalFileAttributes >>> 16 : 0;
}

function kindOf(entry: yauzl.Entry): EntryKind {
  const fmt = unixMode(entry) & S_IFMT;
  if (fmt === S_IFLNK) return "symlink";
  if (fmt === S_IFDIR || entry.fileName.endsWith("/")) return "dir";
  return "file";
}

/** True when a link at `entryName` pointing to `target` stays inside the package root. */
export function isContainedLink(entryName: string, target: string): boolean {
  if (target === "" || target.startsWith("/") || target.includes("\0")) return false;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(entryName), target));
  return resolved !== ".." && !resolved.startsWith("../");
}

async function readSmall(stream: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = c as Buffer;
    size += b.length;
    if (size > limit) throw new Error("link target too long");
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function openZip(source: Buffer | string): Promise<yauzl.ZipFile> {
  const opts = {
    lazyEntries: true,
    validateEntrySizes: true,
    strictFileNames: false,
    autoClose: false,
  };
  return typeof source === "string"
    ? yauzl.openPromise(source, opts)
    : yauzl.fromBufferPromise(source, opts);
}

export interface ZipSummary {
  entries: number;
  unzippedSize: number;
}

/**
 * Validates a package before it is accepted: readable central directory, no entry escaping the
 * root (yauzl refuses absolute and ".." names), symlinks that stay inside, unzipped quota.
 */
export async function inspectZip(zip: Buffer): Promise<ZipSummary> {
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(zip);
  } catch {
    throw invalidParameter(UNZIP_FAILED);
  }
  let unzippedSize = 0;
  let entries = 0;
  try {
    for await (const entry of zf.eachEntry()) {
      entries++;
      unzippedSize += entry.uncompressedSize;
      if (unzippedSize > MAX_UNZIPPED_BYTES)
        throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
      if (entry.isEncrypted()) throw invalidParameter(UNZIP_FAILED);
      if (kindOf(entry) === "symlink") {
        const target = await readSmall(await zf.openReadStreamPromise(entry), 4096);
        if (!isContainedLink(entry.fileName, target)) throw invalidParameter(UNZIP_FAILED);
      }
    }
  } catch (err) {
    if (err instanceof Error && err.name === "InvalidParameterValueException") throw err;
    throw invalidParameter(UNZIP_FAILED);
  } finally {
    zf.close();
  }
  return { entries, unzippedSize };
}

/**
 * Extracts a validated zip into `dest` (which must not exist yet). File modes from the zip are
 * kept (a provided.* bootstrap must stay executable) and made world-readable as Lambda needs.
 */
export async function extractZip(zipPath: string, dest: string): Promise<void> {
  const zf = await openZip(zipPath);
  fs.mkdirSync(dest, { recursive: true, mode: 0o755 });
  const root = fs.realpathSync.native(dest);
  const inside = (p: string) => p === root || p.startsWith(root + path.sep);
  const links: string[] = [];
  try {
    for await (const entry of zf.eachEntry()) {
      const target = path.resolve(root, entry.fileName);
      if (!inside(target)) throw new Error(`entry escapes the root: ${entry.fileName}`);
      const kind = kindOf(entry);
      const mode = unixMode(entry) & 0o777;
      if (kind === "dir") {
        fs.mkdirSync(target, { recursive: true, mode: 0o755 });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
      // Links are checked lexically at upload; chains of links are only caught on the real tree
      // (by the kernel: node's JS realpathSync resolves "link/.." lexically).
      if (!inside(fs.realpathSync.native(path.dirname(target))))
        throw new Error(`entry escapes the root: ${entry.fileName}`);
      const stream = await zf.openReadStreamPromise(entry);
      if (kind === "symlink") {
        const linkTarget = await readSmall(stream, 4096);
        if (!isContainedLink(entry.fileName, linkTarget))
          throw new Error(`link escapes the root: ${entry.fileName}`);
        fs.symlinkSync(linkTarget, target);
        links.push(target);
        continue;
      }
      const fileMode = (mode === 0 ? 0o644 : mode) | 0o444;
      await pipeline(stream, fs.createWriteStream(target, { mode: fileMode, flags: "wx" }));
      fs.chmodSync(target, fileMode); // the umask may have narrowed the create mode
    }
    for (const link of links) {
      let real: string;
      try {
        real = fs.realpathSync.native(link);
      } catch {
        continue; // dangling inside the root: harmless, as on Lambda
      }
      if (!inside(real)) throw new Error(`link escapes the root: ${path.relative(root, link)}`);
    }
  } finally {
    zf.close();
  }
}
