import { empty, type EngineRequest, type EngineResponse } from "../http/types";
import { S3Error, noSuchBucket } from "./errors";
import type { BucketRow, ObjectRow, S3Store } from "./store";
import { el, isoTime, xmlResponse, xmlText } from "./xml";

const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function requireBucket(store: S3Store, name: string): BucketRow {
  const b = store.getBucket(name);
  if (!b) throw noSuchBucket();
  return b;
}

/** The account's canonical owner, as S3 lists it. */
const owner = (accountId: string) => [
  el("ID", accountId.padStart(64, "0")),
  el("DisplayName", "local"),
];

export function listBuckets(store: S3Store, accountId: string): EngineResponse {
  const buckets = store
    .listBuckets()
    .map((b) => el("Bucket", [el("Name", b.name), el("CreationDate", isoTime(b.createdAt))]));
  return xmlResponse("ListAllMyBucketsResult", [
    el("Owner", owner(accountId)),
    el("Buckets", buckets),
  ]);
}

export function createBucket(store: S3Store, name: string, now: number): EngineResponse {
  if (!BUCKET_NAME.test(name) || name.includes(".."))
    throw new S3Error(400, "InvalidBucketName", "The specified bucket is not valid.");
  if (!store.createBucket(name, now))
    throw new S3Error(
      409,
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it.",
    );
  return empty(200, { location: `/${name}` });
}

export function deleteBucket(store: S3Store, name: string): EngineResponse {
  const b = requireBucket(store, name);
  if (!store.isEmpty(b.name))
    throw new S3Error(
      409,
      "BucketNotEmpty",
      b.versioning === ""
        ? "The bucket you tried to delete is not empty"
        : "The bucket you tried to delete is not empty. You must delete all versions in the bucket.",
    );
  store.deleteBucket(b.name);
  return empty(204);
}

export function getBucketVersioning(store: S3Store, name: string): EngineResponse {
  const b = requireBucket(store, name);
  return xmlResponse("VersioningConfiguration", [b.versioning ? el("Status", b.versioning) : ""]);
}

export function putBucketVersioning(
  store: S3Store,
  name: string,
  req: EngineRequest,
): EngineResponse {
  const b = requireBucket(store, name);
  const status = xmlText(req.body.toString("utf8"), "Status");
  if (status !== "Enabled" && status !== "Suspended")
    throw new S3Error(
      400,
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  store.setVersioning(b.name, status);
  return empty(200);
}

const encoder = (req: EngineRequest) =>
  req.query.get("encoding-type") === "url"
    ? (s: string) => encodeURIComponent(s).replace(/%2F/g, "/")
    : (s: string) => s;

function objectEntry(o: ObjectRow, enc: (s: string) => string): string {
  const algorithm = Object.keys(o.checksums)[0];
  return el("Contents", [
    el("Key", enc(o.key)),
    el("LastModified", isoTime(o.lastModified)),
    el("ETag", `"${o.etag}"`),
    el("Size", o.size),
    el("StorageClass", "STANDARD"),
    algorithm ? el("ChecksumAlgorithm", algorithm) : "",
  ]);
}

const intParam = (req: EngineRequest, name: string, fallback: number) => {
  const raw = req.query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new S3Error(
      400,
      "InvalidArgument",
      `Provided ${name} not an integer or within integer range`,
    );
  return Math.min(n, 1000);
};

/** ListObjectsV2 and ListObjects (v1): keys in order, CommonPrefixes rolled up by the delimiter. */
export function listObjects(
  store: S3Store,
  name: string,
  req: EngineRequest,
  v2: boolean,
): EngineResponse {
  const b = requireBucket(store, name);
  const enc = encoder(req);
  const prefix = req.query.get("prefix") ?? "";
  const delimiter = req.query.get("delimiter") ?? "";
  const maxKeys = intParam(req, "max-keys", 1000);
  const token = req.query.get("continuation-token");
  const after = v2
    ? token !== null
      ? Buffer.from(token, "base64url").toString("utf8")
      : (req.query.get("start-after") ?? "")
    : (req.query.get("marker") ?? "");
  const contents: string[] = [];
  const prefixes: string[] = [];
  let cursor = after;
  let last = "";
  let truncated = false;
  outer: for (;;) {
    const page = store.listLatest(b.name, prefix, cursor, 1000);
    if (page.length === 0) break;
    for (const o of page) {
      cursor = o.key;
      const rest = o.key.slice(prefix.length);
      const cut = delimiter === "" ? -1 : rest.indexOf(delimiter);
      const common = cut === -1 ? undefined : prefix + rest.slice(0, cut + delimiter.length);
      if (common !== undefined && prefixes.at(-1) === common) continue;
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break outer;
      }
      if (common !== undefined) {
        prefixes.push(common);
        // Skip the rest of this prefix: the next key after it sorts after common + U+FFFF.
        cursor = common + "\uffff";
        last = common;
        continue outer;
      }
      contents.push(objectEntry(o, enc));
      last = o.key;
    }
  }
  const parts = [
    el("Name", b.name),
    el("Prefix", enc(prefix)),
    v2 ? "" : el("Marker", enc(after)),
    v2 ? el("KeyCount", contents.length + prefixes.length) : "",
    el("MaxKeys", maxKeys),
    delimiter ? el("Delimiter", enc(delimiter)) : "",
    el("IsTruncated", truncated),
    ...contents,
    ...prefixes.map((p) => el("CommonPrefixes", [el("Prefix", enc(p))])),
    req.query.get("encoding-type") === "url" ? el("EncodingType", "url") : "",
  ];
  if (v2) {
    if (token !== null) parts.push(el("ContinuationToken", token));
    if (req.query.has("start-after"))
      parts.push(el("StartAfter", enc(req.query.get("start-after") ?? "")));
    if (truncated) parts.push(el("NextContinuationToken", Buffer.from(last).toString("base64url")));
  } else if (truncated && delimiter) parts.push(el("NextMarker", enc(last)));
  return xmlResponse("ListBucketResult", parts);
}

export function listObjectVersions(
  store: S3Store,
  name: string,
  req: EngineRequest,
  accountId: string,
): EngineResponse {
  const b = requireBucket(store, name);
  const enc = encoder(req);
  const prefix = req.query.get("prefix") ?? "";
  const maxKeys = intParam(req, "max-keys", 1000);
  const keyMarker = req.query.get("key-marker") ?? "";
  const versionMarker = req.query.get("version-id-marker") ?? "";
  const marked = versionMarker ? store.getObject(b.name, keyMarker, versionMarker) : undefined;
  const rows = store.listVersions(b.name, prefix, maxKeys + 1, keyMarker, marked?.id ?? 0);
  const truncated = rows.length > maxKeys;
  const shown = rows.slice(0, maxKeys);
  const entries = shown.map((o) =>
    o.deleteMarker
      ? el("DeleteMarker", [
          el("Owner", owner(accountId)),
          el("Key", enc(o.key)),
          el("VersionId", o.versionId),
          el("IsLatest", o.isLatest),
          el("LastModified", isoTime(o.lastModified)),
        ])
      : el("Version", [
          el("ETag", `"${o.etag}"`),
          el("Size", o.size),
          el("Owner", owner(accountId)),
          el("StorageClass", "STANDARD"),
          el("Key", enc(o.key)),
          el("VersionId", o.versionId),
          el("IsLatest", o.isLatest),
          el("LastModified", isoTime(o.lastModified)),
        ]),
  );
  const lastRow = shown.at(-1);
  return xmlResponse("ListVersionsResult", [
    el("Name", b.name),
    el("Prefix", enc(prefix)),
    el("KeyMarker", enc(keyMarker)),
    el("VersionIdMarker", versionMarker),
    el("MaxKeys", maxKeys),
    el("IsTruncated", truncated),
    ...entries,
    truncated && lastRow
      ? el("NextKeyMarker", enc(lastRow.key)) + el("NextVersionIdMarker", lastRow.versionId)
      : "",
    req.query.get("encoding-type") === "url" ? el("EncodingType", "url") : "",
  ]);
}
