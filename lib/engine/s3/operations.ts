import type { Operation, RequestHead } from "../http/operations";
import { DEFAULT_MAX_BODY } from "../http/operations";

/** The largest object the engine takes in one PutObject (it buffers uploads; S3's own cap is 5 GiB). */
const MAX_OBJECT_BYTES = 512 * 1024 * 1024;
/** aws-chunked framing around the largest object: a chunk header per 8 KiB at worst. */
const MAX_PUT_BODY = MAX_OBJECT_BYTES + 16 * 1024 * 1024;

export interface S3Target {
  /** The S3 operation name, as the API reference spells it. */
  name: string;
  bucket?: string;
  key?: string;
}

/** Path-style addressing: "/", "/<bucket>", "/<bucket>/<key>" (the key may hold slashes). */
export function s3Target(
  head: Pick<RequestHead, "method" | "path" | "query" | "headers">,
): S3Target {
  const path = head.path.startsWith("/") ? head.path.slice(1) : head.path;
  const slash = path.indexOf("/");
  const bucket = slash === -1 ? path : path.slice(0, slash);
  const key = slash === -1 ? "" : path.slice(slash + 1);
  const q = head.query;
  const m = head.method;
  if (bucket === "") return { name: m === "GET" ? "ListBuckets" : "Unsupported" };
  if (key === "") {
    const name =
      m === "PUT"
        ? q.has("versioning")
          ? "PutBucketVersioning"
          : q.size === 0
            ? "CreateBucket"
            : "Unsupported"
        : m === "HEAD"
          ? "HeadBucket"
          : m === "DELETE"
            ? q.size === 0
              ? "DeleteBucket"
              : "Unsupported"
            : m === "POST" && q.has("delete")
              ? "DeleteObjects"
              : m === "GET"
                ? q.has("versioning")
                  ? "GetBucketVersioning"
                  : q.has("versions")
                    ? "ListObjectVersions"
                    : q.has("location")
                      ? "GetBucketLocation"
                      : q.get("list-type") === "2"
                        ? "ListObjectsV2"
                        : [...q.keys()].every((k) => LIST_V1_PARAMS.has(k))
                          ? "ListObjects"
                          : "Unsupported"
                : "Unsupported";
    return { name, bucket };
  }
  if (q.has("tagging") || q.has("acl")) return { name: "Unsupported", bucket, key };
  if (m === "POST" && q.has("uploads")) return { name: "CreateMultipartUpload", bucket, key };
  if (q.has("uploadId")) {
    const name =
      m === "PUT" && q.has("partNumber") && head.headers["x-amz-copy-source"] === undefined
        ? "UploadPart"
        : m === "POST"
          ? "CompleteMultipartUpload"
          : m === "DELETE"
            ? "AbortMultipartUpload"
            : "Unsupported";
    return { name, bucket, key };
  }
  const name =
    m === "PUT"
      ? head.headers["x-amz-copy-source"] !== undefined
        ? "CopyObject"
        : "PutObject"
      : m === "GET"
        ? "GetObject"
        : m === "HEAD"
          ? "HeadObject"
          : m === "DELETE"
            ? "DeleteObject"
            : "Unsupported";
  return { name, bucket, key };
}

const LIST_V1_PARAMS = new Set(["prefix", "delimiter", "marker", "max-keys", "encoding-type"]);

/** router.service's operation: "s3:PutObject" with the upload cap, everything else the default. */
export function s3OperationOf(head: RequestHead): Operation {
  const { name } = s3Target(head);
  return {
    action: `s3:${name}`,
    protocol: "restXml",
    maxBodyBytes: name === "PutObject" || name === "UploadPart" ? MAX_PUT_BODY : DEFAULT_MAX_BODY,
    limitName: name,
  };
}
