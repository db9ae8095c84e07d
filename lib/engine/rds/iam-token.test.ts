import { describe, expect, it } from "vitest";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Sha256 } from "@/lib/aws/sha256";
import { verifyAuthToken, type TokenCheck } from "./iam-token";

const credentials = { accessKeyId: "AKIDTOKEN", secretAccessKey: "token-secret" };
const principal = { kind: "engine" as const, accessKeyId: "AKIDTOKEN" };
const signedAt = new Date("2026-01-02T03:04:05Z");

/** A token as `aws rds generate-db-auth-token` makes it (SigV4 presign, service rds-db). */
async function token(expiresIn = 900): Promise<string> {
  const signer = new SignatureV4({
    credentials,
    region: "us-east-1",
    service: "rds-db",
    sha256: Sha256,
  });
  const signed = await signer.presign(
    new HttpRequest({
      method: "GET",
      protocol: "https:",
      hostname: "db.local",
      port: 5432,
      path: "/",
      query: { Action: "connect", DBUser: "app" },
      headers: { host: "db.local:5432" },
    }),
    { expiresIn, signingDate: signedAt },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `db.local:5432/?${query}`;
}

const check = (now: Date): TokenCheck => ({
  host: "db.local:5432",
  user: "app",
  region: "us-east-1",
  lookup: (id) => (id === credentials.accessKeyId ? { ...credentials, principal } : undefined),
  now,
});

describe("verifyAuthToken", () => {
  it("accepts a fresh token and maps it to the key's principal", async () => {
    expect(verifyAuthToken(await token(), check(new Date(signedAt.getTime() + 60_000)))).toEqual({
      ok: true,
      principal,
    });
  });

  it("refuses a token past X-Amz-Expires, one dated ahead, and one with an unreadable date", async () => {
    const t = await token(60);
    expect(verifyAuthToken(t, check(new Date(signedAt.getTime() + 61_000)))).toEqual({
      ok: false,
      reason: "the token has expired",
    });
    expect(verifyAuthToken(t, check(new Date(signedAt.getTime() - 6 * 60_000)))).toEqual({
      ok: false,
      reason: "the token is dated in the future",
    });
    const badDate = t.replace(/X-Amz-Date=\d{8}T\d{6}Z/, "X-Amz-Date=2026-01-02");
    expect(verifyAuthToken(badDate, check(signedAt))).toEqual({
      ok: false,
      reason: "the token's date or expiry is invalid",
    });
  });
});
