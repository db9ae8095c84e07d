import "server-only";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import type { Target } from "../targets/types";
import { AwsFailure } from "./errors";
import { getS3Client } from "./signing-clients";

export interface ObjectVersion {
  key: string;
  versionId: string;
  size: number;
  isLatest: boolean;
  deleteMarker: boolean;
  lastModified?: string;
}

export async function listBuckets(target: Target): Promise<{ name: string; created?: string }[]> {
  const out = await getS3Client(target).send(new ListBucketsCommand({}));
  return (out.Buckets ?? []).map((b) => ({
    name: b.Name ?? "",
    ...(b.CreationDate ? { created: b.CreationDate.toISOString() } : {}),
  }));
}

export async function listObjectVersions(target: Target, bucket: string): Promise<ObjectVersion[]> {
  const out = await getS3Client(target).send(
    new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }),
  );
  const versions = (out.Versions ?? []).map((v) => ({
    key: v.Key ?? "",
    versionId: v.VersionId ?? "",
    size: v.Size ?? 0,
    isLatest: v.IsLatest ?? false,
    deleteMarker: false,
    ...(v.LastModified ? { lastModified: v.LastModified.toISOString() } : {}),
  }));
  const markers = (out.DeleteMarkers ?? []).map((m) => ({
    key: m.Key ?? "",
    versionId: m.VersionId ?? "",
    size: 0,
    isLatest: m.IsLatest ?? false,
    deleteMarker: true,
    ...(m.LastModified ? { lastModified: m.LastModified.toISOString() } : {}),
  }));
  return [...versions, ...markers].sort(
    (a, b) =>
      a.key.localeCompare(b.key) || (b.lastModified ?? "").localeCompare(a.lastModified ?? ""),
  );
}

/** Uploads an object; returns its version id (undefined in an unversioned bucket). */
export async function putObject(
  target: Target,
  bucket: string,
  key: string,
  body: Uint8Array,
): Promise<string | undefined> {
  const out = await getS3Client(target).send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }),
  );
  return out.VersionId;
}

const MAX_DOWNLOAD = 256 * 1024 * 1024;

export async function getObject(
  target: Target,
  bucket: string,
  key: string,
  versionId?: string,
): Promise<{ body: Uint8Array; contentType: string }> {
  const out = await getS3Client(target).send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ...(versionId ? { VersionId: versionId } : {}),
    }),
  );
  if ((out.ContentLength ?? 0) > MAX_DOWNLOAD)
    throw new AwsFailure(
      "Invalid",
      "The object is too large to download through the console.",
      "TooLarge",
    );
  return {
    body: (await out.Body?.transformToByteArray()) ?? new Uint8Array(),
    contentType: out.ContentType ?? "application/octet-stream",
  };
}

/** A versioned bucket for the signing flow: created (with versioning) when missing. */
export async function ensureVersionedBucket(target: Target, bucket: string): Promise<void> {
  const s3 = getS3Client(target);
  const exists = await s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    (err: unknown) => {
      if (err instanceof AwsFailure && err.kind === "NotFound") return false;
      throw err;
    },
  );
  if (!exists) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
}
