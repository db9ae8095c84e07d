import "server-only";
import {
  CancelSigningProfileCommand,
  DescribeSigningJobCommand,
  GetSigningProfileCommand,
  ListSigningJobsCommand,
  ListSigningProfilesCommand,
  PutSigningProfileCommand,
  RevokeSignatureCommand,
  RevokeSigningProfileCommand,
} from "@aws-sdk/client-signer";
import type { Target } from "../targets/types";
import { getSignerClient } from "./signing-clients";

const LAMBDA_PLATFORM = "AWSLambda-SHA384-ECDSA";

export interface SigningProfile {
  name: string;
  version: string;
  versionArn: string;
  status: string;
  validity: string;
  revokedFrom?: string;
  /** Earlier versions that signed packages (from the signing jobs): Signer lists only the current one. */
  earlierVersions: string[];
}

export interface SigningJob {
  jobId: string;
  profileName: string;
  profileVersion: string;
  status: string;
  statusReason?: string;
  createdAt?: string;
  expiresAt?: string;
  revoked: boolean;
  signedObject?: { bucket: string; key: string };
}

/** Signing profiles for Lambda (with canceled ones), each at its current version. */
export async function listSigningProfiles(target: Target): Promise<SigningProfile[]> {
  const out = await getSignerClient(target).send(
    new ListSigningProfilesCommand({ includeCanceled: true, platformId: LAMBDA_PLATFORM }),
  );
  const [profiles, jobs] = await Promise.all([
    Promise.all(
      (out.profiles ?? []).map((p) =>
        getSignerClient(target).send(new GetSigningProfileCommand({ profileName: p.profileName })),
      ),
    ),
    getSignerClient(target).send(new ListSigningJobsCommand({ platformId: LAMBDA_PLATFORM })),
  ]);
  const earlier = (name?: string, current?: string) => [
    ...new Set(
      (jobs.jobs ?? [])
        .filter((j) => j.profileName === name && j.profileVersion && j.profileVersion !== current)
        .map((j) => j.profileVersion ?? ""),
    ),
  ];
  return profiles.map((p) => ({
    earlierVersions: earlier(p.profileName, p.profileVersion),
    name: p.profileName ?? "",
    version: p.profileVersion ?? "",
    versionArn: p.profileVersionArn ?? "",
    status: p.status ?? "",
    validity: p.signatureValidityPeriod
      ? `${p.signatureValidityPeriod.value} ${p.signatureValidityPeriod.type?.toLowerCase()}`
      : "—",
    ...(p.revocationRecord?.revocationEffectiveFrom
      ? { revokedFrom: p.revocationRecord.revocationEffectiveFrom.toISOString() }
      : {}),
  }));
}

export async function putSigningProfile(
  target: Target,
  name: string,
  validity: { value: number; type: "DAYS" | "MONTHS" | "YEARS" },
): Promise<string> {
  const out = await getSignerClient(target).send(
    new PutSigningProfileCommand({
      profileName: name,
      platformId: LAMBDA_PLATFORM,
      signatureValidityPeriod: validity,
    }),
  );
  return out.profileVersionArn ?? "";
}

export async function revokeSigningProfile(
  target: Target,
  name: string,
  version: string,
  reason: string,
): Promise<void> {
  await getSignerClient(target).send(
    new RevokeSigningProfileCommand({
      profileName: name,
      profileVersion: version,
      reason,
      effectiveTime: new Date(),
    }),
  );
}

export async function cancelSigningProfile(target: Target, name: string): Promise<void> {
  await getSignerClient(target).send(new CancelSigningProfileCommand({ profileName: name }));
}

function toJob(j: {
  jobId?: string;
  profileName?: string;
  profileVersion?: string;
  status?: string;
  statusReason?: string;
  createdAt?: Date;
  signatureExpiresAt?: Date;
  isRevoked?: boolean;
  revocationRecord?: unknown;
  signedObject?: { s3?: { bucketName?: string; key?: string } };
}): SigningJob {
  const s3 = j.signedObject?.s3;
  return {
    jobId: j.jobId ?? "",
    profileName: j.profileName ?? "",
    profileVersion: j.profileVersion ?? "",
    status: j.status ?? "",
    ...(j.statusReason ? { statusReason: j.statusReason } : {}),
    ...(j.createdAt ? { createdAt: j.createdAt.toISOString() } : {}),
    ...(j.signatureExpiresAt ? { expiresAt: j.signatureExpiresAt.toISOString() } : {}),
    revoked: Boolean(j.isRevoked ?? j.revocationRecord),
    ...(s3?.bucketName && s3.key ? { signedObject: { bucket: s3.bucketName, key: s3.key } } : {}),
  };
}

export async function listSigningJobs(target: Target): Promise<SigningJob[]> {
  const out = await getSignerClient(target).send(
    new ListSigningJobsCommand({ platformId: LAMBDA_PLATFORM }),
  );
  return (out.jobs ?? []).map(toJob);
}

export async function describeSigningJob(target: Target, jobId: string): Promise<SigningJob> {
  return toJob(await getSignerClient(target).send(new DescribeSigningJobCommand({ jobId })));
}

export async function revokeSignature(
  target: Target,
  jobId: string,
  reason: string,
): Promise<void> {
  await getSignerClient(target).send(new RevokeSignatureCommand({ jobId, reason }));
}
