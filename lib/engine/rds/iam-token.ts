import crypto from "node:crypto";
import { parseAmzDate, type SecretLookup } from "../http/sigv4";
import type { Principal } from "../http/types";

/** What `aws rds generate-db-auth-token` signs: a presigned `rds-db` connect URL, good for 15 minutes. */
export interface TokenCheck {
  /** "<endpoint>:<port>" the token must name. */
  host: string;
  user: string;
  region: string;
  lookup: SecretLookup;
  now?: Date;
}

export type TokenVerdict = { ok: true; principal: Principal } | { ok: false; reason: string };

const enc = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
const sha256 = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string) =>
  crypto.createHmac("sha256", key).update(s, "utf8").digest();

/**
 * Checks an IAM auth token as RDS does: SigV4 query signature over `GET /?Action=connect&DBUser=…`
 * with the host header, service rds-db, not expired (X-Amz-Expires ≤ 900 s from X-Amz-Date), for
 * this endpoint and user. Both payload hashes signers use (UNSIGNED-PAYLOAD, the empty body's) pass.
 */
export function verifyAuthToken(token: string, check: TokenCheck): TokenVerdict {
  let url: URL;
  try {
    url = new URL(`https://${token}`);
  } catch {
    return { ok: false, reason: "the password is not an IAM authentication token" };
  }
  const q = url.searchParams;
  const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  if (q.get("Action") !== "connect" || q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256")
    return { ok: false, reason: "the password is not an IAM authentication token" };
  if (host.toLowerCase() !== check.host.toLowerCase())
    return { ok: false, reason: `the token was signed for ${host}` };
  if (q.get("DBUser") !== check.user)
    return { ok: false, reason: "the token was signed for another user" };
  const [keyId = "", date = "", region = "", service = "", term = ""] = (
    q.get("X-Amz-Credential") ?? ""
  ).split("/");
  if (service !== "rds-db" || term !== "aws4_request" || region !== check.region)
    return { ok: false, reason: "the token's credential scope is not rds-db in this region" };
  const signedAt = parseAmzDate(q.get("X-Amz-Date") ?? "");
  const expires = Number(q.get("X-Amz-Expires"));
  const now = (check.now ?? new Date()).getTime();
  if (!signedAt || !Number.isInteger(expires) || expires < 1 || expires > 900)
    return { ok: false, reason: "the token's date or expiry is invalid" };
  if (now > signedAt.getTime() + expires * 1000)
    return { ok: false, reason: "the token has expired" };
  if (signedAt.getTime() > now + 5 * 60_000)
    return { ok: false, reason: "the token is dated in the future" };
  const creds = check.lookup(keyId);
  if (!creds) return { ok: false, reason: "the token's access key is not known" };
  if (creds.sessionToken !== undefined && q.get("X-Amz-Security-Token") !== creds.sessionToken)
    return { ok: false, reason: "the token's security token is invalid" };
  const signature = q.get("X-Amz-Signature") ?? "";
  const canonicalQuery = [...q.entries()]
    .filter(([k]) => k !== "X-Amz-Signature")
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const scope = `${date}/${region}/rds-db/aws4_request`;
  let key = hmac(`AWS4${creds.secretAccessKey}`, date);
  key = hmac(hmac(hmac(key, region), "rds-db"), "aws4_request");
  const matches = ["UNSIGNED-PAYLOAD", sha256("")].some((payload) => {
    const canonical = `GET\n/\n${canonicalQuery}\nhost:${host}\n\nhost\n${payload}`;
    const toSign = `AWS4-HMAC-SHA256\n${q.get("X-Amz-Date")}\n${scope}\n${sha256(canonical)}`;
    const expected = hmac(key, toSign).toString("hex");
    return (
      expected.length === signature.length &&
      crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
    );
  });
  if (!matches) return { ok: false, reason: "the token's signature does not match" };
  return { ok: true, principal: creds.principal };
}
