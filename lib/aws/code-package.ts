import yauzl from "yauzl";
import { zipSync, type Zippable } from "fflate";

/** One file of a deployment package. */
export interface PackageEntry {
  path: string;
  data: Uint8Array;
  /** Unix mode bits (0o755 for executables); 0o644 when the zip carries none. */
  mode: number;
}

/** The editor shows text files; anything else is kept as is on deploy. */
export interface EditableFile {
  path: string;
  content: string;
}

/** Packages larger than this are not opened in the editor (the AWS console's limit). */
export const EDITOR_MAX_BYTES = 3 * 1024 * 1024;

/** A zip entry read in full: its path, bytes and Unix mode (0o644 when the zip has none). */
export function packageEntry(entry: yauzl.Entry, chunks: Buffer[]): PackageEntry {
  const unixMode = (entry.externalFileAttributes >>> 16) & 0o777;
  return {
    path: entry.fileName,
    data: new Uint8Array(Buffer.concat(chunks)),
    mode: unixMode || 0o644,
  };
}

/** Reads every file entry of a zip with its Unix mode. */
export function readZip(zip: Uint8Array): Promise<PackageEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(zip), { lazyEntries: true }, (err, file) => {
      if (err) return reject(err);
      const out: PackageEntry[] = [];
      file.on("error", reject);
      file.on("end", () => resolve(out));
      file.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return file.readEntry();
        file.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            out.push(packageEntry(entry, chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

/** Text when it decodes as UTF-8 and has no NUL byte. */
export function asText(data: Uint8Array): string | undefined {
  if (data.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}

/**
 * The package with edited files replaced or added and removed ones dropped; everything else
 * (binaries, modes) kept as it was.
 */
export function rezip(
  entries: readonly PackageEntry[],
  edited: readonly EditableFile[],
  removed: readonly string[] = [],
): Uint8Array {
  const files: Zippable = {};
  const gone = new Set(removed);
  const modes = new Map(entries.map((e) => [e.path, e.mode]));
  const put = (path: string, data: Uint8Array, mode: number) => {
    files[path] = [data, { os: 3, attrs: (mode << 16) >>> 0 }];
  };
  for (const e of entries) if (!gone.has(e.path)) put(e.path, e.data, e.mode);
  for (const f of edited) {
    if (!gone.has(f.path))
      put(f.path, new TextEncoder().encode(f.content), modes.get(f.path) ?? 0o644);
  }
  return zipSync(files);
}
