import crypto from "node:crypto";
import type { Checksum, SourceData } from "@smithy/types";

const toBuffer = (d: SourceData): Buffer =>
  typeof d === "string"
    ? Buffer.from(d, "utf8")
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/**
 * HMACs keyed by a string secret: the signer recomputes HMAC(secret key, key id) on every request
 * only to look up its signing-key cache. Same inputs, same output: kept, bounded.
 */
const stringKeyed = new Map<string, Buffer>();

/**
 * SHA-256 / HMAC-SHA-256 for the SDK's signer on node:crypto (the pure-JS default costs ~10×).
 * Data is collected and hashed in one call at digest(): plain hashes use one-shot crypto.hash.
 */
export class NodeSha256 implements Checksum {
  private chunks: Buffer[] = [];

  constructor(private readonly secret?: SourceData) {}

  update(data: Uint8Array): void {
    this.chunks.push(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    const data = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const secret = this.secret;
    if (secret === undefined) return crypto.hash("sha256", data, "buffer");
    if (typeof secret !== "string") {
      return crypto.createHmac("sha256", toBuffer(secret)).update(data).digest();
    }
    const key = `${secret}\0${data.toString("latin1")}`;
    let mac = stringKeyed.get(key);
    if (!mac) {
      if (stringKeyed.size >= 256) stringKeyed.clear();
      mac = crypto.createHmac("sha256", secret).update(data).digest();
      stringKeyed.set(key, mac);
    }
    return mac;
  }

  reset(): void {
    this.chunks = [];
  }
}
