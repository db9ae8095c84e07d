import { AwsError, invalidParameter } from "../errors/aws-error";
import type { FunctionsCore } from "./core";
import type { StoredCode } from "./code-store";
import { MAX_ZIPPED_BYTES, inspectZip } from "./zip";
import { optString } from "./validate";
import type { S3CodeRef, SignatureFields } from "./code-signing-hooks";
import { MAX_ZIP_REQUEST } from "../http/operations";

/** The limit AWS names when a direct upload is over 50 MB (base64 of 50 MB plus 256 KiB today). */
const MAX_REQUEST_BYTES = MAX_ZIP_REQUEST;

/** A stored package and the signature fields its version shows (code signing). */
export interface AcceptedCode extends StoredCode {
  signing: SignatureFields;
}

/** Code.S3Bucket/S3Key/S3ObjectVersion, when any is given. */
function s3Ref(holder: Record<string, unknown>): S3CodeRef | undefined {
  const bucket = optString(holder, "S3Bucket");
  const key = optString(holder, "S3Key");
  const version = optString(holder, "S3ObjectVersion");
  if (bucket === undefined && key === undefined && version === undefined) return undefined;
  if (bucket === undefined || key === undefined)
    throw invalidParameter(
      "Please provide both S3Bucket and S3Key to get the function code from S3.",
    );
  return { bucket, key, version };
}

/**
 * Takes Code.ZipFile or Code.S3* (CreateFunction) / ZipFile or S3* (UpdateFunctionCode): reads
 * the package, checks it against the function's code signing configuration (before anything
 * else, so a package changed after signing is reported as such), checks the quotas and the
 * archive, and stores the blob. Returns undefined when no zip was given.
 */
export async function acceptZipFile(
  core: FunctionsCore,
  holder: Record<string, unknown>,
  operation: "CreateFunction" | "UpdateFunctionCode",
  signing?: { functionName: string; configArn?: string },
): Promise<AcceptedCode | undefined> {
  if (holder.ImageUri !== undefined && holder.ImageUri !== null)
    throw invalidParameter(
      "ImageUri is not supported by the local engine: upload the package as ZipFile.",
    );
  const b64 = optString(holder, "ZipFile");
  const s3 = s3Ref(holder);
  if (b64 !== undefined && s3)
    throw invalidParameter(
      "Please do not provide other FunctionCode parameters when providing a FunctionCode ZipFile.",
    );
  let zip: Buffer;
  if (b64 !== undefined) {
    zip = Buffer.from(b64, "base64");
    if (zip.length > MAX_ZIPPED_BYTES) {
      throw new AwsError(
        413,
        "RequestEntityTooLargeException",
        `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the ${operation} operation`,
        "message",
      );
    }
  } else if (s3) {
    if (!core.codeSigning) throw invalidParameter("S3 code sources are not available.");
    zip = core.codeSigning.readS3Code(s3, operation);
  } else return undefined;
  const verdict =
    signing && core.codeSigning ? core.codeSigning.verifyPackage({ ...signing, zip }) : undefined;
  await inspectZip(zip);
  const stored = core.code.save(zip);
  // A Warn deploy of an untrusted package is counted once the package was accepted.
  verdict?.recordWarning();
  return { ...stored, signing: verdict?.fields ?? {} };
}

/** A configuration with the signature fields of its new code (none for unsigned code). */
export function withSignature<T extends SignatureFields>(config: T, fields: SignatureFields): T {
  const c = { ...config };
  delete c.SigningProfileVersionArn;
  delete c.SigningJobArn;
  return { ...c, ...fields };
}
