import yauzl from "yauzl";
import { packageEntry, type PackageEntry } from "./code-package";

/** What a read may expand to before it stops (issue 13: a small zip can expand to gigabytes). */
export interface ZipLimits {
  maxEntries: number;
  /** Uncompressed bytes of all entries together, counted as they are inflated. */
  maxTotalBytes: number;
}

/** The Code tab's editor: what a person edits in a browser. */
export const EDITOR_ZIP_LIMITS: ZipLimits = { maxEntries: 1000, maxTotalBytes: 16 * 1024 * 1024 };

/** Re-zipping on deploy: Lambda's own limit on an unzipped package (250 MB). */
export const DEPLOY_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 250 * 1024 * 1024,
};

export type BoundedZip = { ok: true; entries: PackageEntry[] } | { ok: false; reason: string };

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/**
 * Streams the zip's entries through yauzl and stops as soon as the entry count or the inflated
 * size passes the limits, trusting neither the central directory's sizes nor its count.
 */
export function readZipBounded(zip: Uint8Array, limits: ZipLimits): Promise<BoundedZip> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(zip), { lazyEntries: true }, (err, file) => {
      if (err) return reject(err);
      let settled = false;
      const stop = (reason: string) => {
        if (settled) return;
        settled = true;
        file.close();
        resolve({ ok: false, reason });
      };
      if (file.entryCount > limits.maxEntries)
        return stop(
          `it has ${file.entryCount} files; the editor opens at most ${limits.maxEntries}`,
        );
      const tooBig = () =>
        stop(
          `its files expand to more than ${mb(limits.maxTotalBytes)}, the most the editor opens`,
        );
      const out: PackageEntry[] = [];
      let total = 0;
      let seen = 0;
      file.on("error", (e: unknown) => {
        if (!settled) {
          settled = true;
          reject(e);
        }
      });
      file.on("end", () => {
        if (!settled) {
          settled = true;
          resolve({ ok: true, entries: out });
        }
      });
      file.on("entry", (entry: yauzl.Entry) => {
        if (++seen > limits.maxEntries)
          return stop(`it has more than ${limits.maxEntries} files, the most the editor opens`);
        if (entry.fileName.endsWith("/")) return file.readEntry();
        if (total + entry.uncompressedSize > limits.maxTotalBytes) return tooBig();
        file.openReadStream(entry, (e, stream) => {
          if (e) {
            settled = true;
            return reject(e);
          }
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => {
            total += c.length;
            if (total > limits.maxTotalBytes) {
              stream.destroy();
              tooBig();
            } else chunks.push(c);
          });
          stream.on("error", (se) => {
            if (!settled) {
              settled = true;
              reject(se);
            }
          });
          stream.on("end", () => {
            if (settled) return;
            out.push(packageEntry(entry, chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}
