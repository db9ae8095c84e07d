import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  DescribeSigningJobCommand,
  PutSigningProfileCommand,
  SignerClient,
  StartSigningJobCommand,
  type SignatureValidityPeriod,
} from "@aws-sdk/client-signer";
import type { RunningEngine } from "../engine";

export function signerClientFor(engine: RunningEngine): SignerClient {
  return new SignerClient({
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: engine.ctx.config.accessKeyId,
      secretAccessKey: engine.ctx.config.secretAccessKey,
    },
    maxAttempts: 1,
  });
}

/** A versioned bucket, as Signer requires of its sources. */
export async function versionedBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
}

export async function putProfile(
  signer: SignerClient,
  name: string,
  validity?: SignatureValidityPeriod,
): Promise<string> {
  const out = await signer.send(
    new PutSigningProfileCommand({
      profileName: name,
      platformId: "AWSLambda-SHA384-ECDSA",
      signatureValidityPeriod: validity,
    }),
  );
  return out.profileVersionArn ?? "";
}

/** The pipeline's steps: upload the zip, run a signing job, return where the signed zip is. */
export async function signZip(
  s3: S3Client,
  signer: SignerClient,
  bucket: string,
  profileName: string,
  zip: Uint8Array,
): Promise<{ jobId: string; key: string; signed: Buffer }> {
  const put = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: "unsigned/fn.zip", Body: zip }),
  );
  const { jobId = "" } = await signer.send(
    new StartSigningJobCommand({
      profileName,
      source: { s3: { bucketName: bucket, key: "unsigned/fn.zip", version: put.VersionId } },
      destination: { s3: { bucketName: bucket, prefix: "signed/" } },
    }),
  );
  const job = await signer.send(new DescribeSigningJobCommand({ jobId }));
  if (job.status !== "Succeeded")
    throw new Error(`signing job ${jobId}: ${job.status} ${job.statusReason}`);
  const key = job.signedObject?.s3?.key ?? "";
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return {
    jobId,
    key,
    signed: Buffer.from(await (got.Body?.transformToByteArray() ?? new Uint8Array())),
  };
}
