import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { unzipSync, zipSync } from "fflate";
import { readPackageSignature, signPackage, verifyPackage } from "./package-signature";

const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "secp384r1" });
const meta = {
  profileVersionArn: "arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/ABCDEFGHIJ",
  jobArn: "arn:aws:signer:us-east-1:000000000000:/signing-jobs/job",
  signedAt: 1_000,
  expiresAt: 2_000,
};
const zip = Buffer.from(zipSync({ "index.mjs": Buffer.from("export const handler = () => 1;\n") }));

function signed(): Buffer {
  const s = signPackage(zip, meta, privateKey);
  if (!s) throw new Error("not signed");
  return s;
}

describe("signed package format", () => {
  it("stays a zip with the same files and verifies with the profile version's key", () => {
    const s = signed();
    expect(Object.keys(unzipSync(s))).toEqual(["index.mjs"]);
    const read = readPackageSignature(s);
    expect(read.kind).toBe("signed");
    if (read.kind !== "signed") return;
    expect(read.signature.profileVersionArn).toBe(meta.profileVersionArn);
    expect(verifyPackage(read.signature, read.stripped, publicKey)).toBe(true);
    const other = crypto.generateKeyPairSync("ec", { namedCurve: "secp384r1" }).publicKey;
    expect(verifyPackage(read.signature, read.stripped, other)).toBe(false);
  });

  it("fails verification when one byte of the content changes", () => {
    const s = signed();
    s[40] = (s[40] ?? 0) ^ 1;
    const read = readPackageSignature(s);
    expect(read.kind === "signed" && verifyPackage(read.signature, read.stripped, publicKey)).toBe(
      false,
    );
  });

  it("fails verification when the metadata is edited (a later expiry)", () => {
    const read = readPackageSignature(signed());
    if (read.kind !== "signed") throw new Error("unsigned");
    expect(
      verifyPackage({ ...read.signature, expiresAt: 9_999_999 }, read.stripped, publicKey),
    ).toBe(false);
  });

  it("reads an unsigned zip as unsigned and a non-zip as unsigned", () => {
    expect(readPackageSignature(zip).kind).toBe("unsigned");
    expect(readPackageSignature(Buffer.from("not a zip")).kind).toBe("unsigned");
    expect(signPackage(Buffer.from("not a zip"), meta, privateKey)).toBeUndefined();
  });
});
