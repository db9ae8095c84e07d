import crypto from "node:crypto";
import type { Checksum, SourceData } from "@smithy/types";

const toBuffer = (d: SourceData): Buffer =>
  typeof d === "string"
    ? Buffer.from(d, "utf8")
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** SHA-256 / HMAC-SHA-256 for the SDK's signer on node:crypto (the pure-JS default costs ~10×). */
export class NodeSha256 implements Checksum {
  private readonly secret: SourceData | undefined;
  private hash: crypto.Hash | crypto.Hmac;

  constructor(secret?: SourceData) {
    this.secret = secret;
    this.hash = this.fresh();
  }

  update(data: Uint8Array): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): crypto.Hash | crypto.Hmac {
    return this.secret
      ? crypto.createHmac("sha256", toBuffer(this.secret))
      : crypto.createHash("sha256");
  }
}
