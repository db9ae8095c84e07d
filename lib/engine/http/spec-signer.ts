import crypto from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import type { SourceData } from "@smithy/types";

/** A client's SHA-256 for the SDK signer in specs, kept apart from the engine's own adapter. */
class ClientSha256 {
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
                ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
                : new Uint8Array(secret),
          );
  }
  update(d: Uint8Array) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

/**
 * Headers for a request signed by the SDK's SigV4 signer as a Lambda client signs it (fetch sets
 * Host itself, so it is left out). Specs use it for routes no SDK command covers, and to send
 * something other than what was signed.
 */
export async function signedHeaders(
  url: URL,
  credentials: { accessKeyId: string; secretAccessKey: string },
  req: { method: string; body?: string; headers?: Record<string, string> },
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials,
    region: "us-east-1",
    service: "lambda",
    sha256: ClientSha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, ...req.headers },
      body: req.body,
    }),
  );
  const headers = { ...signed.headers };
  delete headers.host;
  return headers;
}
