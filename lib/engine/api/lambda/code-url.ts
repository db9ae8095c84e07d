import crypto from "node:crypto";
import fs from "node:fs";
import type { EngineRequest, EngineResponse } from "../../http/types";
import { AwsError } from "../../errors/aws-error";
import type { CodeStore } from "../../functions/code-store";
import { errorResponse } from "../../http/error-response";

export const CODE_PATH = "/_engine/code/:file";
const VALID_FOR_MS = 10 * 60_000;

/**
 * GetFunction's Code.Location: a download URL signed with a key derived from (never equal to)
 * the engine secret, valid ten minutes like Lambda's presigned S3 URLs.
 */
export class CodeUrlSigner {
  private readonly key: Buffer;

  constructor(engineSecret: string) {
    this.key = crypto
      .createHash("sha256")
      .update(`lambda-console code url\0${engineSecret}`)
      .digest();
  }

  private mac(hex: string, expires: string): string {
    return crypto.createHmac("sha256", this.key).update(`${hex}\n${expires}`).digest("hex");
  }

  sign(host: string, hex: string, now = Date.now()): string {
    const expires = String(now + VALID_FOR_MS);
    return `http://${host}/_engine/code/${hex}.zip?Expires=${expires}&Signature=${this.mac(hex, expires)}`;
  }

  verify(hex: string, expires: string | null, signature: string | null, now = Date.now()): boolean {
    if (!expires || !signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
    if (!(Number(expires) > now)) return false;
    return crypto.timingSafeEqual(
      Buffer.from(this.mac(hex, expires), "hex"),
      Buffer.from(signature, "hex"),
    );
  }
}

const denied = () =>
  errorResponse(
    new AwsError(
      403,
      "AccessDenied",
      "Request has expired or the signature does not match",
      "Message",
    ),
  );

export function serveCode(
  signer: CodeUrlSigner,
  code: CodeStore,
  req: EngineRequest,
): EngineResponse {
  const m = /^([0-9a-f]{64})\.zip$/.exec(req.params.file ?? "");
  if (!m?.[1]) return denied();
  const hex = m[1];
  if (!signer.verify(hex, req.query.get("Expires"), req.query.get("Signature"))) return denied();
  const file = code.blobPath(hex);
  if (!fs.existsSync(file))
    return errorResponse(
      new AwsError(404, "NoSuchKey", "The specified key does not exist.", "Message"),
    );
  return {
    status: 200,
    headers: { "content-type": "application/zip" },
    body: fs.readFileSync(file),
  };
}
