import type { EngineContext } from "../context";
import { protocolError } from "../http/operations";
import type { Router } from "../http/router";
import type { EngineRequest, EngineResponse } from "../http/types";
import {
  createBucket,
  deleteBucket,
  getBucketVersioning,
  listBuckets,
  listObjectVersions,
  listObjects,
  putBucketVersioning,
  requireBucket,
} from "./bucket-handlers";
import { S3Error } from "./errors";
import {
  copyObject,
  deleteObject,
  deleteObjects,
  getObject,
  putObject,
  userMetadata,
} from "./object-handlers";
import { MultipartUploads } from "./multipart";
import { s3OperationOf, s3Target } from "./operations";
import { S3Store } from "./store";
import { xmlResponse } from "./xml";
import { empty } from "../http/types";

function run(
  store: S3Store,
  uploads: MultipartUploads,
  ctx: EngineContext,
  req: EngineRequest,
): EngineResponse {
  const { name, bucket = "", key = "" } = s3Target(req);
  const now = Date.now();
  const account = ctx.config.accountId;
  switch (name) {
    case "ListBuckets":
      return listBuckets(store, account);
    case "CreateBucket":
      return createBucket(store, bucket, now);
    case "HeadBucket":
      requireBucket(store, bucket);
      return empty(200, { "x-amz-bucket-region": ctx.config.region });
    case "DeleteBucket":
      return deleteBucket(store, bucket);
    case "GetBucketLocation":
      requireBucket(store, bucket);
      return xmlResponse(
        "LocationConstraint",
        ctx.config.region === "us-east-1" ? [] : [ctx.config.region],
      );
    case "GetBucketVersioning":
      return getBucketVersioning(store, bucket);
    case "PutBucketVersioning":
      return putBucketVersioning(store, bucket, req);
    case "ListObjectsV2":
      return listObjects(store, bucket, req, true);
    case "ListObjects":
      return listObjects(store, bucket, req, false);
    case "ListObjectVersions":
      return listObjectVersions(store, bucket, req, account);
    case "PutObject":
      return putObject(store, bucket, key, req, now);
    case "CopyObject":
      return copyObject(store, bucket, key, req, now);
    case "GetObject":
      return getObject(store, bucket, key, req, false);
    case "HeadObject":
      return getObject(store, bucket, key, req, true);
    case "DeleteObject":
      return deleteObject(store, bucket, key, req, now);
    case "DeleteObjects":
      return deleteObjects(store, bucket, req, now);
    case "CreateMultipartUpload":
      return uploads.create(bucket, key, req, userMetadata(req));
    case "UploadPart":
      return uploads.uploadPart(bucket, key, req);
    case "CompleteMultipartUpload":
      return uploads.complete(bucket, key, req, now);
    case "AbortMultipartUpload":
      return uploads.abort(bucket, key, req);
  }
  throw new S3Error(
    501,
    "NotImplemented",
    "A header or query you provided implies functionality that is not implemented by the local engine's S3 subset.",
  );
}

/** S3's error in restXml; HEAD answers carry no body, only the status (and a delete marker's headers). */
function errorResponse(req: EngineRequest, err: S3Error): EngineResponse {
  const r = protocolError("restXml", err.status, err.code, err.message, "Message");
  const marker = (err as S3Error & { deleteMarker?: { versionId: string } }).deleteMarker;
  if (marker)
    r.headers = {
      ...r.headers,
      "x-amz-delete-marker": "true",
      "x-amz-version-id": marker.versionId,
    };
  if (req.method === "HEAD") r.body = "";
  return r;
}

/**
 * The S3 subset on the engine's endpoint, path-style: dispatched by the SigV4 scope "s3". Returns
 * the store so code sources (Lambda's Code.S3*, Signer) read the same objects.
 */
export function registerS3Service(router: Router, ctx: EngineContext): S3Store {
  const store = new S3Store(ctx.db, ctx.config.dataDir);
  const uploads = new MultipartUploads(store);
  router.service("s3", s3OperationOf, (req) => {
    try {
      return run(store, uploads, ctx, req);
    } catch (err) {
      if (err instanceof S3Error) return errorResponse(req, err);
      throw err;
    }
  });
  return store;
}
