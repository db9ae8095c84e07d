import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Readable } from "node:stream";
import tar, { type Extract } from "tar-stream";

/** One archive member as tar-stream yields it (a streamx Readable with its header). */
export type ArchiveEntry = Extract extends AsyncIterable<infer T> ? T : never;

/** The archive cannot be pushed; the message says why, in words a person can act on. */
export class ArchiveError extends Error {
  override readonly name = "ArchiveError";
}

/** Lambda's limit for an image, applied to the archive's content too. */
export const MAX_ARCHIVE_BYTES = 10 * 1024 ** 3;
/** Entries at most this big are kept in memory by the first pass (manifests, configs, indexes). */
const SMALL_BYTES = 4 * 1024 * 1024;
const MAX_SMALL_TOTAL = 64 * 1024 * 1024;
const MAX_ENTRIES = 100_000;

export interface ArchiveScan {
  /** Regular files by normalised path, with their size. */
  files: Map<string, number>;
  /** Symlinks and hard links, already resolved to archive paths. */
  links: Map<string, string>;
  /** Content of the small files. */
  small: Map<string, Buffer>;
  totalBytes: number;
}

/**
 * An archive member's path, normalised ("./a//b" → "a/b"), or an error when it would land outside
 * the archive (absolute, or climbing out with ..).
 */
export function safeMemberPath(name: string): string {
  const trimmed = name.replace(/^(\.\/)+/, "");
  if (trimmed.startsWith("/") || /^[A-Za-z]:/.test(trimmed))
    throw new ArchiveError(`The archive member "${name}" has an absolute path; refusing it.`);
  const normal = path.posix.normalize(trimmed).replace(/\/$/, "");
  if (normal === ".." || normal.startsWith("../"))
    throw new ArchiveError(`The archive member "${name}" escapes the archive; refusing it.`);
  return normal === "." ? "" : normal;
}

/** Opens the archive, gunzipping it when it starts with the gzip magic (docker save | gzip). */
function openArchive(file: string): Readable {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  const raw = fs.createReadStream(file);
  if (head[0] === 0x1f && head[1] === 0x8b) return raw.pipe(zlib.createGunzip());
  return raw;
}

/** Iterates the archive's entries; the caller must consume or resume each entry's stream. */
export async function* readEntries(file: string): AsyncGenerator<ArchiveEntry> {
  const input = openArchive(file);
  const extract = tar.extract();
  input.on("error", (e) => extract.destroy(e));
  input.pipe(extract);
  try {
    for await (const entry of extract) yield entry;
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new ArchiveError(`The file is not a readable tar archive (${why}).`);
  } finally {
    input.destroy();
    extract.destroy();
  }
}

/** streamx types its iterator loosely; tar entries yield Buffers. */
export function chunksOf(entry: ArchiveEntry): AsyncIterable<Uint8Array> {
  return entry as unknown as AsyncIterable<Uint8Array>;
}

async function collect(entry: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of entry) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/**
 * First pass: every member's path and size, links, and the content of the small members. Refuses
 * escaping paths, device files and archives over 10 GB before anything is uploaded.
 */
export async function scanArchive(file: string): Promise<ArchiveScan> {
  const scan: ArchiveScan = { files: new Map(), links: new Map(), small: new Map(), totalBytes: 0 };
  let smallTotal = 0;
  let count = 0;
  for await (const entry of readEntries(file)) {
    const h = entry.header;
    if (++count > MAX_ENTRIES) throw new ArchiveError("The archive has too many members.");
    const name = safeMemberPath(h.name);
    const type = h.type ?? "file";
    if (type === "file" || type === "contiguous-file") {
      const size = h.size ?? 0;
      scan.totalBytes += size;
      if (scan.totalBytes > MAX_ARCHIVE_BYTES)
        throw new ArchiveError("The archive holds more than 10 GB, Lambda's limit for an image.");
      scan.files.set(name, size);
      if (size <= SMALL_BYTES && smallTotal + size <= MAX_SMALL_TOTAL) {
        smallTotal += size;
        scan.small.set(name, await collect(chunksOf(entry)));
        continue;
      }
    } else if (type === "symlink" || type === "link") {
      const target = h.linkname ?? "";
      // A symlink is relative to its directory; a hard link names a member from the root.
      const from = type === "symlink" && !target.startsWith("/") ? path.posix.dirname(name) : "";
      scan.links.set(name, safeMemberPath(path.posix.join(from, target)));
    } else if (type !== "directory") {
      throw new ArchiveError(
        `The archive member "${h.name}" is a ${type}; image archives hold only files and directories.`,
      );
    }
    entry.resume();
  }
  if (count === 0) throw new ArchiveError("The archive is empty.");
  return scan;
}

/** Follows links to the regular file a path names, or undefined when there is none. */
export function resolveMember(scan: ArchiveScan, name: string): string | undefined {
  let current = name;
  for (let hops = 0; hops < 16; hops++) {
    if (scan.files.has(current)) return current;
    const next = scan.links.get(current);
    if (next === undefined) return undefined;
    current = next;
  }
  return undefined;
}

/** The content of a small member (following links), or undefined. */
export function readSmall(scan: ArchiveScan, name: string): Buffer | undefined {
  const real = resolveMember(scan, safeMemberPath(name));
  return real === undefined ? undefined : scan.small.get(real);
}
