import {
  ALGORITHM_IDENTIFIER,
  SignatureV4Base,
  createScope,
  getCanonicalHeaders,
  getPayloadHash,
  getSigningKey,
  UNSIGNED_PAYLOAD,
} from "@smithy/signature-v4";
import { NodeSha256 } from "./node-sha256";
import { HttpRequest } from "@smithy/protocol-http";
import type { IncomingHttpHeaders } from "node:http";
import type { EngineRequest, Principal } from "./types";
import { AwsError } from "../errors/aws-error";

/**
 * Looks up the secret for an access key id (the engine's own, or an environment's session key)
 * and the principal a request signed with it acts as.
 */
export type SecretLookup = (
  accessKeyId: string,
) => { secretAccessKey: string; sessionToken?: string; principal: Principal } | undefined;

/** A request whose headers name a known key: what is left to check once the body is in. */
export interface PendingSignature {
  principal: Principal;
  keyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  /** Signed in the query string (a presigned URL, http/presigned.ts). */
  presigned?: true;
  /** Already verified from the head alone (S3's SigV2 presigned URLs sign no body). */
  verified?: true;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

const denied = (type: string, message: string) => new AwsError(403, type, message, "message");

/** S3's refusal of a signature that does not match (presigned URLs: http/presigned.ts). */
export const signatureMismatch = () =>
  denied(
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  );

/** An X-Amz-Date value (`YYYYMMDDTHHMMSSZ`) as a Date, or undefined if it is not one. */
export function parseAmzDate(v: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/**
 * The AWS SDK's SigV4 signer, used to re-sign a request received: its canonical request, string to
 * sign and cached signing keys. It skips what only a sender needs (cloning the request, adding
 * headers, formatting the date, writing the Authorization header); the crypto is the SDK's, run on
 * node:crypto (NodeSha256).
 */
class SigV4Verifier extends SignatureV4Base {
  constructor(uriEscapePath: boolean) {
    // Credentials and region come with each request; the base only wants placeholders.
    super({
      credentials: { accessKeyId: "", secretAccessKey: "" },
      region: "",
      service: "",
      sha256: NodeSha256,
      // Clients sign the on-the-wire (already encoded) path, encoded once more, as SigV4 asks
      // for every service but S3; signing rawPath with escaping on reproduces that.
      // S3 alone signs the path as sent (no second encoding).
      uriEscapePath,
      applyChecksum: false,
    });
  }

  /** The signature the SDK computes for this request (hex, as in Authorization), and its key. */
  async signatureFor(
    request: HttpRequest,
    signed: Set<string>,
    longDate: string,
    signedBy: {
      region: string;
      service: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
    },
    payloadHash?: string,
  ): Promise<{ signature: string; key: Uint8Array }> {
    const shortDate = longDate.slice(0, 8);
    const canonicalHeaders = getCanonicalHeaders(request, new Set(), signed);
    payloadHash ??= await getPayloadHash(request, NodeSha256);
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const stringToSign = await this.createStringToSign(
      longDate,
      createScope(shortDate, signedBy.region, signedBy.service),
      canonicalRequest,
      ALGORITHM_IDENTIFIER,
    );
    const key = await getSigningKey(
      NodeSha256,
      signedBy.credentials,
      shortDate,
      signedBy.region,
      signedBy.service,
    );
    const mac = new NodeSha256(key);
    mac.update(Buffer.from(stringToSign, "utf8"));
    return { signature: Buffer.from(await mac.digest()).toString("hex"), key };
  }
}

const verifier = new SigV4Verifier(true);
const s3Verifier = new SigV4Verifier(false);

/**
 * The header-only half of SigV4: the Authorization header is well formed, names a known key, the
 * date is fresh and the session token matches. Runs before the body is read, so a request without
 * credentials costs the engine no buffering. Throws AWS's 403s.
 */
export function authenticateHeaders(
  headers: IncomingHttpHeaders,
  lookup: SecretLookup,
): PendingSignature {
  const auth = headers.authorization;
  if (typeof auth !== "string") {
    throw denied("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  const m = AUTH_RE.exec(auth);
  if (!m)
    throw denied(
      "IncompleteSignatureException",
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.",
    );
  const [, keyId = "", , region = "", service = "", signedHeaders = "", signature = ""] = m;
  const secret = lookup(keyId);
  if (!secret)
    throw denied(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  const amzDate = headers["x-amz-date"];
  const date = typeof amzDate === "string" ? parseAmzDate(amzDate) : undefined;
  if (!date || typeof amzDate !== "string")
    // (the second test only narrows the type: a parsed date means a string header)
    throw denied(
      "IncompleteSignatureException",
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  if (Math.abs(Date.now() - date.getTime()) > 15 * 60_000) {
    throw denied(
      "InvalidSignatureException",
      "Signature expired: the request time is more than 15 minutes from the engine's time.",
    );
  }
  if (
    secret.sessionToken !== undefined &&
    headers["x-amz-security-token"] !== secret.sessionToken
  ) {
    throw denied(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  return {
    principal: secret.principal,
    keyId,
    secretAccessKey: secret.secretAccessKey,
    region,
    service,
    signedHeaders,
    signature,
    amzDate,
  };
}

/**
 * The body half: re-signs the request with the AWS SDK's own signer (same date, region, service
 * and signed headers) and compares signatures. Throws InvalidSignatureException.
 */
export async function verifySignature(
  req: EngineRequest,
  pending: PendingSignature,
): Promise<void> {
  if (pending.verified) return;
  const { keyId, region, service, signedHeaders, signature, amzDate } = pending;
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(";")) {
    const v = req.headers[name];
    if (v === undefined) continue;
    headers[name] = Array.isArray(v) ? v.join(",") : v;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.query) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const request = new HttpRequest({
    method: req.method,
    protocol: "http:",
    hostname: String(req.headers.host ?? "").split(":")[0] ?? "",
    path: req.rawPath,
    query,
    headers,
    body: req.body.length > 0 ? req.body : undefined,
  });
  // A signed x-amz-content-sha256 stands for the body in the canonical request: it must be it.
  const declared = headers["x-amz-content-sha256"];
  // S3's streaming bodies (aws-chunked) carry their own chunk signatures and checksums, which the
  // S3 service checks once it decodes them (s3/payload.ts).
  const bodyMatches =
    declared === undefined ||
    declared === UNSIGNED_PAYLOAD ||
    (service === "s3" && declared.startsWith("STREAMING-")) ||
    declared === (await getPayloadHash({ ...request, headers: {} }, NodeSha256));
  const expected = bodyMatches
    ? await (service === "s3" ? s3Verifier : verifier).signatureFor(
        request,
        new Set(signedHeaders.split(";")),
        amzDate,
        {
          region,
          service,
          credentials: { accessKeyId: keyId, secretAccessKey: pending.secretAccessKey },
        },
        // An S3 presigned URL signs no payload (the SDKs' presigners and the CLI write it so).
        pending.presigned && service === "s3" && declared === undefined
          ? UNSIGNED_PAYLOAD
          : undefined,
      )
    : undefined;
  if (expected?.signature !== signature) {
    if (pending.presigned && service === "s3") throw signatureMismatch();
    throw denied(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  req.signing = {
    signature,
    amzDate,
    scope: createScope(amzDate.slice(0, 8), region, service),
    key: Buffer.from(expected.key),
  };
}
