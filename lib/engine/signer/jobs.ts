import crypto from "node:crypto";
import { AwsError } from "../errors/aws-error";
import type { S3Store } from "../s3/store";
import type { SignerArns } from "./arns";
import { signPackage } from "./package-signature";
import { addValidity } from "./platform";
import type { ProfileVersion, SignerStore, SigningJobRow } from "./store";

export interface JobDeps {
  signer: SignerStore;
  s3: S3Store;
  arns: SignerArns;
  account: string;
  now: () => number;
  requireProfile: (name: string) => ProfileVersion;
}

const validation = (m: string) => new AwsError(400, "ValidationException", m, "message");

/**
 * StartSigningJob: signs the source object version with the profile's current key and writes
 * <prefix><jobId>.zip to the destination bucket. Runs to completion before it answers; a source
 * that cannot be signed makes a Failed job with its reason, as Signer reports it.
 */
export function startSigningJob(
  deps: JobDeps,
  body: Record<string, unknown>,
): { jobId: string; jobOwner: string } {
  const { signer, s3, arns, account, now, requireProfile } = deps;
  const token = typeof body.clientRequestToken === "string" ? body.clientRequestToken : "";
  const name = typeof body.profileName === "string" ? body.profileName : "";
  const src = (body.source as { s3?: Record<string, unknown> } | undefined)?.s3;
  const dst = (body.destination as { s3?: Record<string, unknown> } | undefined)?.s3;
  if (!token || !name || !src || !dst)
    throw validation("source, destination, profileName and clientRequestToken are required.");
  const same = signer.jobByToken(token);
  if (same) return { jobId: same.jobId, jobOwner: account };
  const source = {
    bucketName: String(src.bucketName ?? ""),
    key: String(src.key ?? ""),
    version: String(src.version ?? ""),
  };
  if (!source.bucketName || !source.key || !source.version)
    throw validation("The source must name an S3 bucket, key and object version.");
  const destBucket = String(dst.bucketName ?? "");
  if (!destBucket) throw validation("The destination must name an S3 bucket.");
  const profile = requireProfile(name);
  if (profile.status !== "Active")
    throw validation(`The signing profile ${name} is ${profile.status.toLowerCase()}.`);
  const jobId = crypto.randomUUID();
  const createdAt = now();
  const job: SigningJobRow = {
    jobId,
    profileName: name,
    profileVersion: profile.version,
    platformId: profile.platformId,
    source,
    status: "Failed",
    clientToken: token,
    createdAt,
    completedAt: createdAt,
  };
  const fail = (reason: string) => {
    signer.insertJob({ ...job, statusReason: reason });
    return { jobId, jobOwner: account };
  };
  const object = s3.getObject(source.bucketName, source.key, source.version);
  if (!s3.getBucket(source.bucketName))
    return fail(`Source bucket ${source.bucketName} does not exist.`);
  if (!object || object.deleteMarker)
    return fail(`Source object ${source.key} version ${source.version} does not exist.`);
  const dest = s3.getBucket(destBucket);
  if (!dest) return fail(`Destination bucket ${destBucket} does not exist.`);
  const expiresAt = addValidity(createdAt, profile.validity);
  const signed = signPackage(
    s3.read(object),
    {
      profileVersionArn: arns.profileVersion(name, profile.version),
      jobArn: arns.job(jobId),
      signedAt: createdAt,
      expiresAt,
    },
    signer.privateKey(name, profile.version),
  );
  if (!signed) return fail("The source object is not a ZIP archive.");
  const key = `${String(dst.prefix ?? "")}${jobId}.zip`;
  s3.putObject(
    dest,
    key,
    { data: signed, contentType: "application/zip", metadata: {}, checksums: {} },
    Date.now(),
  );
  signer.insertJob({
    ...job,
    status: "Succeeded",
    signedObject: { bucketName: destBucket, key },
    signatureExpiresAt: expiresAt,
  });
  return { jobId, jobOwner: account };
}
