import { AwsError, invalidParameter } from "../http/types";
import type { FunctionsCore } from "./core";
import type { StoredCode } from "./code-store";
import { MAX_ZIPPED_BYTES, inspectZip } from "./zip";
import { optString } from "./validate";

/** base64 of 50 MB, the largest request body AWS takes for a direct upload. */
const MAX_REQUEST_BYTES = 69_905_067;

/**
 * Takes Code.ZipFile (CreateFunction) or ZipFile (UpdateFunctionCode): decodes, checks the quotas
 * and the archive, and stores the blob. Returns undefined when no zip was given.
 */
export async function acceptZipFile(
  core: FunctionsCore,
  holder: Record<string, unknown>,
  operation: "CreateFunction" | "UpdateFunctionCode",
): Promise<StoredCode | undefined> {
  for (const key of ["S3Bucket", "S3Key", "S3ObjectVersion", "ImageUri"]) {
    if (holder[key] !== undefined && holder[key] !== null) {
      throw invalidParameter(
        `${key} is not supported by the local engine: upload the package as ZipFile.`,
      );
    }
  }
  const b64 = optString(holder, "ZipFile");
  if (b64 === undefined) return undefined;
  const zip = Buffer.from(b64, "base64");
  if (zip.length > MAX_ZIPPED_BYTES) {
    throw new AwsError(
      413,
      "RequestEntityTooLargeException",
      `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the ${operation} operation`,
      "message",
    );
  }
  await inspectZip(zip);
  return core.code.save(zip);
}
