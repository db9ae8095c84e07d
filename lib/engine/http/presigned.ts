import crypto from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { parseAmzDate, signatureMismatch, type PendingSignature, type SecretLookup } from "./sigv4";
import { AwsError } from "../errors/aws-error";

/**
 * Query-string authentication (presigned URLs): SigV4's X-Amz-* parameters, as `aws s3 presign`,
 * the SDKs' presigners and boto3 with s3v4 write them, and S3's SigV2 form (AWSAccessKeyId,
 * Expires, Signature), what botocore's generate_presigned_url writes for S3 by default.
 * Errors are S3's (the service presigned URLs are for).
 */

const MAX_EXPIRES = 604_800;
const V4_PARAMS = [
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Signature",
  "X-Amz-Date",
  "X-Amz-SignedHeaders",
  "X-Amz-Expires",
];

const refused = (status: number, code: string, message: string) =>
  new AwsError(status, code, message, "message");
const expired = () => refused(403, "AccessDenied", "Request has expired");
const unknownKey = () =>
  refused(
    403,
    "InvalidAccessKeyId",
    "The AWS Access Key Id you provided does not exist in our records.",
  );

/** Whether the query carries a signature (the router and the server look no further then). */
export function isPresigned(query: URLSearchParams): boolean {
  return query.has("X-Amz-Signature") || (query.has("AWSAccessKeyId") && query.has("Signature"));
}

/**
 * The query half of a presigned request, checked before the body is read: parameters present, a
 * known key, not expired. SigV4 leaves the signature to verifySignature; SigV2 signs nothing of
 * the body, so it is verified here and comes back `verified`.
 */
export function authenticateQuery(
  req: { method: string; rawPath: string; query: URLSearchParams; headers: IncomingHttpHeaders },
  lookup: SecretLookup,
  now = Date.now(),
): PendingSignature {
  const { query } = req;
  if (!query.has("X-Amz-Signature")) return authenticateV2(req, lookup, now);
  if (V4_PARAMS.some((p) => !query.get(p)) || query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256")
    throw refused(
      400,
      "AuthorizationQueryParametersError",
      "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
    );
  const [keyId = "", , region = "", service = "", terminator] = (
    query.get("X-Amz-Credential") ?? ""
  ).split("/");
  if (terminator !== "aws4_request")
    throw refused(
      400,
      "AuthorizationQueryParametersError",
      "Error parsing the X-Amz-Credential parameter.",
    );
  const amzDate = query.get("X-Amz-Date") ?? "";
  const date = parseAmzDate(amzDate);
  const expires = Number(query.get("X-Amz-Expires"));
  if (!date || !Number.isInteger(expires) || expires < 0)
    throw refused(
      400,
      "AuthorizationQueryParametersError",
      "X-Amz-Date and X-Amz-Expires must be a date and a number of seconds.",
    );
  if (expires > MAX_EXPIRES)
    throw refused(
      400,
      "AuthorizationQueryParametersError",
      "X-Amz-Expires must be less than a week (in seconds) that is; 604800",
    );
  if (now > date.getTime() + expires * 1000) throw expired();
  const secret = lookup(keyId);
  if (!secret) throw unknownKey();
  if (
    secret.sessionToken !== undefined &&
    query.get("X-Amz-Security-Token") !== secret.sessionToken
  )
    throw refused(403, "InvalidToken", "The provided token is malformed or otherwise invalid.");
  return {
    principal: secret.principal,
    keyId,
    secretAccessKey: secret.secretAccessKey,
    region,
    service,
    signedHeaders: query.get("X-Amz-SignedHeaders") ?? "",
    signature: query.get("X-Amz-Signature") ?? "",
    amzDate,
    presigned: true,
  };
}

/** S3's sub-resources and response overrides: the query parameters SigV2 signs. */
const V2_SIGNED_PARAMS = new Set([
  "acl",
  "cors",
  "delete",
  "lifecycle",
  "location",
  "logging",
  "notification",
  "partNumber",
  "policy",
  "requestPayment",
  "tagging",
  "torrent",
  "uploadId",
  "uploads",
  "versionId",
  "versioning",
  "versions",
  "website",
  "response-content-type",
  "response-content-language",
  "response-expires",
  "response-cache-control",
  "response-content-disposition",
  "response-content-encoding",
]);

function authenticateV2(
  req: { method: string; rawPath: string; query: URLSearchParams; headers: IncomingHttpHeaders },
  lookup: SecretLookup,
  now: number,
): PendingSignature {
  const { query, headers } = req;
  const keyId = query.get("AWSAccessKeyId") ?? "";
  const expires = Number(query.get("Expires"));
  if (!Number.isInteger(expires)) throw signatureMismatch();
  if (now > expires * 1000) throw expired();
  const secret = lookup(keyId);
  if (!secret) throw unknownKey();
  // botocore signs Content-MD5, Content-Type and x-amz-* as headers, then moves them to the query.
  const signedHeaders = new Map<string, string>();
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) signedHeaders.set(k, Array.isArray(v) ? v.join(",") : v);
  for (const [k, v] of query) {
    const lower = k.toLowerCase();
    if (lower.startsWith("x-amz-") || lower === "content-md5" || lower === "content-type")
      signedHeaders.set(lower, v);
  }
  const header = (name: string) => signedHeaders.get(name) ?? "";
  const amz = [...signedHeaders.keys()]
    .filter((h) => h.startsWith("x-amz-"))
    .sort()
    .map((h) => `${h}:${header(h).trim()}\n`)
    .join("");
  const signedParams = [...query]
    .filter(([k]) => V2_SIGNED_PARAMS.has(k))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => (v === "" ? k : `${k}=${v}`));
  const resource = req.rawPath + (signedParams.length > 0 ? `?${signedParams.join("&")}` : "");
  const stringToSign = `${req.method}\n${header("content-md5")}\n${header("content-type")}\n${expires}\n${amz}${resource}`;
  const expected = crypto
    .createHmac("sha1", secret.secretAccessKey)
    .update(stringToSign, "utf8")
    .digest();
  const given = Buffer.from(query.get("Signature") ?? "", "base64");
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    throw signatureMismatch();
  if (secret.sessionToken !== undefined && header("x-amz-security-token") !== secret.sessionToken)
    throw refused(403, "InvalidToken", "The provided token is malformed or otherwise invalid.");
  return {
    principal: secret.principal,
    keyId,
    secretAccessKey: secret.secretAccessKey,
    region: "",
    service: "s3",
    signedHeaders: "",
    signature: "",
    amzDate: "",
    verified: true,
  };
}
