import crypto from "node:crypto";

/**
 * The signature a signed Lambda package carries (docs/code-signing.md): the zip's end-of-central-
 * directory comment holds "LCSIG1:" + base64url(JSON). The signature covers the package without
 * any comment, so the zip stays a valid zip and extracting it ignores the signature.
 */
export interface PackageSignature {
  v: 1;
  profileVersionArn: string;
  jobArn: string;
  /** Epoch ms. */
  signedAt: number;
  /** Epoch ms: the profile's signature validity period from signedAt. */
  expiresAt: number;
  /** base64 DER ECDSA P-384 signature over signedMessage(). */
  sig: string;
}

const MAGIC = "LCSIG1:";
const EOCD = 0x06054b50;

/** The offset of the end-of-central-directory record whose comment runs to the end of the file. */
function findEocd(zip: Buffer): number | undefined {
  for (let i = zip.length - 22; i >= 0 && i >= zip.length - 22 - 0xffff; i--) {
    if (zip.readUInt32LE(i) === EOCD && i + 22 + zip.readUInt16LE(i + 20) === zip.length) return i;
  }
  return undefined;
}

/** The package with an empty zip comment: what the signature covers. Undefined when not a zip. */
function stripComment(zip: Buffer): { stripped: Buffer; comment: string } | undefined {
  const at = findEocd(zip);
  if (at === undefined) return undefined;
  const stripped = Buffer.from(zip.subarray(0, at + 22));
  stripped.writeUInt16LE(0, at + 20);
  return { stripped, comment: zip.subarray(at + 22).toString("latin1") };
}

/** What the ECDSA signature is computed over: the metadata and the SHA-384 of the stripped zip. */
function signedMessage(meta: Omit<PackageSignature, "sig" | "v">, stripped: Buffer): Buffer {
  const digest = crypto.createHash("sha384").update(stripped).digest("hex");
  return Buffer.from(
    [
      "lambda-console-package-signature-v1",
      meta.profileVersionArn,
      meta.jobArn,
      String(meta.signedAt),
      String(meta.expiresAt),
      digest,
    ].join("\n"),
  );
}

/** Signs a zip: returns it with the signature as its comment (replacing any comment it had). */
export function signPackage(
  zip: Buffer,
  meta: Omit<PackageSignature, "sig" | "v">,
  privateKey: crypto.KeyObject,
): Buffer | undefined {
  const s = stripComment(zip);
  if (!s) return undefined;
  const sig = crypto.sign("sha384", signedMessage(meta, s.stripped), privateKey).toString("base64");
  const comment = Buffer.from(
    MAGIC + Buffer.from(JSON.stringify({ v: 1, ...meta, sig })).toString("base64url"),
    "latin1",
  );
  const out = Buffer.concat([s.stripped, comment]);
  out.writeUInt16LE(comment.length, s.stripped.length - 2);
  return out;
}

export type ReadSignature =
  | { kind: "unsigned" }
  | { kind: "malformed" }
  | { kind: "signed"; signature: PackageSignature; stripped: Buffer };

/** The signature a package carries, if any; "malformed" when the comment claims one it cannot hold. */
export function readPackageSignature(zip: Buffer): ReadSignature {
  const s = stripComment(zip);
  if (!s || !s.comment.startsWith(MAGIC)) return { kind: "unsigned" };
  try {
    const v = JSON.parse(
      Buffer.from(s.comment.slice(MAGIC.length), "base64url").toString("utf8"),
    ) as PackageSignature;
    const ok =
      v.v === 1 &&
      typeof v.profileVersionArn === "string" &&
      typeof v.jobArn === "string" &&
      Number.isFinite(v.signedAt) &&
      Number.isFinite(v.expiresAt) &&
      typeof v.sig === "string";
    return ok ? { kind: "signed", signature: v, stripped: s.stripped } : { kind: "malformed" };
  } catch {
    return { kind: "malformed" };
  }
}

/** True when the signature is the profile version key's over this very package and metadata. */
export function verifyPackage(
  signature: PackageSignature,
  stripped: Buffer,
  publicKey: crypto.KeyObject,
): boolean {
  try {
    return crypto.verify(
      "sha384",
      signedMessage(signature, stripped),
      publicKey,
      Buffer.from(signature.sig, "base64"),
    );
  } catch {
    return false;
  }
}
