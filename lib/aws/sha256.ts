import crypto from "node:crypto";
import type { SourceData } from "@smithy/types";

/**
 * node:crypto's SHA-256 / HMAC-SHA-256 in the shape the SDK's SignatureV4 signer wants, for the
 * console's hand-signed requests (engine console routes, function URLs).
 */
export class Sha256 {
  private readonly h: crypto.Hash | crypto.Hmac;
  constructor(secret?: SourceData) {
    this.h =
      secret === undefined
        ? crypto.createHash("sha256")
        : crypto.createHmac(
            "sha256",
            typeof secret === "string"
              ? secret
              : ArrayBuffer.isView(secret)
                ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
                : Buffer.from(secret),
          );
  }
  update(d: Uint8Array) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}
