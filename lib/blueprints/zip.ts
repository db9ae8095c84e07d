import fs from "node:fs";
import path from "node:path";
import { zipSync, type Zippable } from "fflate";
import type { BlueprintFile } from "./loader";

const S_IFREG = 0o100000;
/** Fixed timestamp so the same blueprint always zips to the same bytes (same CodeSha256). */
const FIXED_MTIME = new Date("2026-01-01T00:00:00Z");

/**
 * A Lambda deployment package of the code folder. Entries are marked as made on Unix with
 * their mode in the high 16 bits of the external attributes, so `bootstrap` stays executable.
 */
export function zipCodeDir(codeDir: string, files: readonly BlueprintFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) {
    const mode = f.executable ? 0o755 : 0o644;
    const data = new Uint8Array(fs.readFileSync(path.join(codeDir, ...f.path.split("/"))));
    entries[f.path] = [
      data,
      { os: 3, attrs: ((S_IFREG | mode) << 16) >>> 0, mtime: FIXED_MTIME, level: 6 },
    ];
  }
  return zipSync(entries);
}
