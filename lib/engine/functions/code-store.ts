import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { extractZip } from "./zip";

export interface StoredCode {
  /** Hex sha256: the blob's file name. */
  hex: string;
  /** Base64 sha256: CodeSha256 as AWS reports it. */
  sha256: string;
  size: number;
}

/**
 * Content-addressed code packages: <dataDir>/code/<sha256>.zip, unpacked once to
 * <dataDir>/code/unpacked/<sha256>/. Extraction goes to a temp dir renamed into place, so a
 * crash never leaves half a tree where the engine would run it.
 */
export class CodeStore {
  readonly dir: string;
  readonly unpackedRoot: string;
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, "code");
    this.unpackedRoot = path.join(this.dir, "unpacked");
    fs.mkdirSync(this.unpackedRoot, { recursive: true, mode: 0o700 });
    // Leftovers of extractions a crash interrupted.
    for (const name of fs.readdirSync(this.unpackedRoot)) {
      if (name.startsWith(".tmp-"))
        fs.rmSync(path.join(this.unpackedRoot, name), { recursive: true, force: true });
    }
  }

  blobPath(hex: string): string {
    return path.join(this.dir, `${hex}.zip`);
  }

  unpackedDir(hex: string): string {
    return path.join(this.unpackedRoot, hex);
  }

  isUnpacked(hex: string): boolean {
    return fs.existsSync(this.unpackedDir(hex));
  }

  /** Writes the blob (temp file + rename) unless the same content is already stored. */
  save(zip: Buffer): StoredCode {
    const digest = crypto.createHash("sha256").update(zip).digest();
    const hex = digest.toString("hex");
    const file = this.blobPath(hex);
    if (!fs.existsSync(file)) {
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
      fs.writeFileSync(tmp, zip, { mode: 0o600 });
      fs.renameSync(tmp, file);
    }
    return { hex, sha256: digest.toString("base64"), size: zip.length };
  }

  /** Unpacks a stored blob once; concurrent callers share the same extraction. */
  ensureUnpacked(hex: string): Promise<string> {
    const dest = this.unpackedDir(hex);
    if (fs.existsSync(dest)) return Promise.resolve(dest);
    let p = this.inflight.get(hex);
    if (!p) {
      p = this.unpack(hex, dest).finally(() => this.inflight.delete(hex));
      this.inflight.set(hex, p);
    }
    return p;
  }

  private async unpack(hex: string, dest: string): Promise<string> {
    const tmp = path.join(
      this.unpackedRoot,
      `.tmp-${hex}-${crypto.randomBytes(4).toString("hex")}`,
    );
    try {
      await extractZip(this.blobPath(hex), tmp);
      fs.chmodSync(tmp, 0o755);
      if (fs.existsSync(dest)) fs.rmSync(tmp, { recursive: true, force: true });
      else fs.renameSync(tmp, dest);
      return dest;
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  /** Waits for extractions in flight (engine shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()]);
  }
}
