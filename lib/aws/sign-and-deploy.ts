import "server-only";
import { randomUUID } from "node:crypto";
import { StartSigningJobCommand } from "@aws-sdk/client-signer";
import { UpdateFunctionCodeCommand, waitUntilFunctionUpdatedV2 } from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { AwsFailure } from "./errors";
import { ensureVersionedBucket, putObject } from "./buckets";
import { getSignerClient } from "./signing-clients";
import { describeSigningJob } from "./signing-profiles";

export interface S3Location {
  bucket: string;
  key: string;
  version?: string;
}

/** Step 1: the package into a versioned bucket (Signer signs an object version). */
export async function uploadForSigning(
  target: Target,
  bucket: string,
  functionName: string,
  zip: Uint8Array,
): Promise<S3Location> {
  await ensureVersionedBucket(target, bucket);
  const key = `unsigned/${functionName}/${new Date().toISOString().replace(/[:.]/g, "-")}.zip`;
  const version = await putObject(target, bucket, key, zip);
  if (!version)
    throw new AwsFailure(
      "Invalid",
      `Bucket ${bucket} does not keep versions: Signer needs a versioned source.`,
      "NotVersioned",
    );
  return { bucket, key, version };
}

/** Step 2: a signing job with the chosen profile; the signed package goes under signed/. */
export async function startSigning(
  target: Target,
  profileName: string,
  source: S3Location,
): Promise<string> {
  const out = await getSignerClient(target).send(
    new StartSigningJobCommand({
      profileName,
      clientRequestToken: randomUUID(),
      source: { s3: { bucketName: source.bucket, key: source.key, version: source.version } },
      destination: { s3: { bucketName: source.bucket, prefix: "signed/" } },
    }),
  );
  return out.jobId ?? "";
}

/** Step 3: waits (up to two minutes) for the job; returns where the signed package is. */
export async function waitForSigning(target: Target, jobId: string): Promise<S3Location> {
  const deadline = Date.now() + 120_000;
  for (let delay = 200; Date.now() < deadline; delay = Math.min(delay * 2, 3_000)) {
    const job = await describeSigningJob(target, jobId);
    if (job.status === "Succeeded" && job.signedObject) return job.signedObject;
    if (job.status === "Failed")
      throw new AwsFailure(
        "Invalid",
        `The signing job failed: ${job.statusReason ?? "no reason given"}`,
        "SigningFailed",
      );
    await new Promise((r) => setTimeout(r, delay));
  }
  throw new AwsFailure(
    "Unavailable",
    "The signing job did not finish within two minutes.",
    "SigningTimeout",
  );
}

/** Step 4: UpdateFunctionCode from the signed object, waiting for the update to settle. */
export async function deployFromS3(
  target: Target,
  functionName: string,
  signed: S3Location,
): Promise<string> {
  const lambda = getLambdaClient(target);
  const out = await lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: functionName,
      S3Bucket: signed.bucket,
      S3Key: signed.key,
    }),
  );
  await waitUntilFunctionUpdatedV2(
    { client: lambda, maxWaitTime: 120, minDelay: 1 },
    { FunctionName: functionName },
  );
  return out.CodeSha256 ?? "";
}
