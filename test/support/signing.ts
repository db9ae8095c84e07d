import { engineClientConfig } from "./client-config";
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
import type { RunningEngine } from "../../lib/engine/engine";
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  type CodeSigningPolicy,
} from "@aws-sdk/client-lambda";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { createInput, makeZip, startTestEngine, type TestEngine } from "./lambda";
import { settled } from "./settled";
import { s3ClientFor } from "./s3";

function signerClientFor(engine: RunningEngine): SignerClient {
  return new SignerClient({
    ...engineClientConfig(engine),
  });
}

/** A versioned bucket, as Signer requires of its sources. */
async function versionedBucket(s3: S3Client, bucket: string): Promise<void> {
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

/** The clients a code signing spec drives the engine with. */
export interface SigningClients {
  s3: S3Client;
  signer: SignerClient;
  cw: CloudWatchClient;
}

export function signingClientsFor(engine: RunningEngine): SigningClients {
  return {
    s3: s3ClientFor(engine),
    signer: signerClientFor(engine),
    cw: new CloudWatchClient({
      ...engineClientConfig(engine),
    }),
  };
}

export const destroyClients = (c: SigningClients) =>
  [c.s3, c.signer, c.cw].forEach((x) => x.destroy());

/** The versioned bucket the specs' pipeline uses. */
export const BUCKET = "pipeline";

/** A fresh engine with the pipeline bucket, and its clients. */
export async function startSigningSpec(
  prefix: string,
): Promise<{ t: TestEngine } & SigningClients> {
  const t = await startTestEngine(prefix);
  const clients = signingClientsFor(t.engine);
  await versionedBucket(clients.s3, BUCKET);
  return { t, ...clients };
}

export const handlerZip = (reply: string) =>
  makeZip({ "index.mjs": `export const handler = async () => (${JSON.stringify(reply)});\n` });

/**
 * The steps the specs repeat, over the spec's current engine and clients (`get` is called each
 * time: a restart replaces them).
 */
export function signingHelpers(get: () => { t: TestEngine } & SigningClients) {
  let counter = 0;
  return {
    async config(arns: string[], policy: CodeSigningPolicy): Promise<string> {
      const out = await get().t.lambda.send(
        new CreateCodeSigningConfigCommand({
          AllowedPublishers: { SigningProfileVersionArns: arns },
          CodeSigningPolicies: { UntrustedArtifactOnDeployment: policy },
        }),
      );
      return out.CodeSigningConfig?.CodeSigningConfigArn ?? "";
    },
    /** A function under `cscArn`, deployed from a package signed by `profile`. */
    async signedFunction(profile: string, cscArn: string): Promise<string> {
      const { t, s3, signer } = get();
      const name = `signed-${++counter}`;
      const { key } = await signZip(s3, signer, BUCKET, profile, handlerZip("v1"));
      await t.lambda.send(
        new CreateFunctionCommand(
          createInput(name, {
            Code: { S3Bucket: BUCKET, S3Key: key },
            CodeSigningConfigArn: cscArn,
          }),
        ),
      );
      await settled(t.lambda, name);
      return name;
    },
    async signatureErrors(functionName: string): Promise<number> {
      const out = await get().cw.send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/Lambda",
          MetricName: "SignatureValidationErrors",
          Dimensions: [{ Name: "FunctionName", Value: functionName }],
          StartTime: new Date(Date.now() - 3600_000),
          EndTime: new Date(Date.now() + 60_000),
          Period: 3600,
          Statistics: ["Sum"],
        }),
      );
      return (out.Datapoints ?? []).reduce((a, d) => a + (d.Sum ?? 0), 0);
    },
  };
}
