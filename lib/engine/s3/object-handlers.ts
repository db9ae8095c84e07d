import { empty, type EngineRequest, type EngineResponse } from "../http/types";
import { S3Error, invalidArgument, noSuchKey, noSuchVersion } from "./errors";
import { decodePayload } from "./payload";
import { requireBucket } from "./bucket-handlers";
import type { ObjectRow, S3Store } from "./store";
import { el, isoTime, xmlResponse } from "./xml";

const header = (req: EngineRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
};

export function userMetadata(req: EngineRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (k.startsWith("x-amz-meta-") && v !== undefined)
      out[k.slice(11)] = Array.isArray(v) ? v.join(",") : v;
  return out;
}

const versionHeader = (o: ObjectRow): Record<string, string> =>
  o.versionId === "null" ? {} : { "x-amz-version-id": o.versionId };

function checksumHeaders(o: ObjectRow): Record<string, string> {
  const h: Record<string, string> = {};
  for (const [alg, v] of Object.entries(o.checksums)) h[`x-amz-checksum-${alg.toLowerCase()}`] = v;
  return h;
}

export function putObject(
  store: S3Store,
  bucket: string,
  key: string,
  req: EngineRequest,
  now: number,
): EngineResponse {
  const b = requireBucket(store, bucket);
  if (key.length > 1024) throw new S3Error(400, "KeyTooLongError", "Your key is too long");
  const { data, checksums } = decodePayload(req);
  const o = store.putObject(
    b,
    key,
    { data, contentType: header(req, "content-type"), metadata: userMetadata(req), checksums },
    now,
  );
  return empty(200, { etag: `"${o.etag}"`, ...versionHeader(o), ...checksumHeaders(o) });
}

/**
 * The object a GetObject/HeadObject names. A current delete marker reads as NoSuchKey (with
 * x-amz-delete-marker); naming a delete marker's version is 405, as S3 answers.
 */
function findObject(
  store: S3Store,
  bucket: string,
  key: string,
  versionId: string | undefined,
): ObjectRow {
  requireBucket(store, bucket);
  const o = store.getObject(bucket, key, versionId);
  if (!o) throw versionId === undefined ? noSuchKey() : noSuchVersionOrKey(store, bucket, key);
  if (o.deleteMarker) {
    if (versionId === undefined) throw Object.assign(noSuchKey(), { deleteMarker: o });
    throw Object.assign(
      new S3Error(
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
      ),
      { deleteMarker: o },
    );
  }
  return o;
}

function noSuchVersionOrKey(store: S3Store, bucket: string, key: string): S3Error {
  return store.listVersions(bucket, key, 1, "", 0).some((o) => o.key === key)
    ? noSuchVersion()
    : noSuchKey();
}

/** "bytes=a-b", "bytes=a-", "bytes=-n" → [start, end] inclusive; undefined when absent; throws 416. */
function parseRange(range: string | undefined, size: number): [number, number] | undefined {
  if (range === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined; // S3 ignores a malformed Range
  let start: number;
  let end: number;
  if (m[1] === "") {
    const n = Number(m[2]);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end)
    throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable");
  return [start, end];
}

const RESPONSE_OVERRIDES = [
  "content-type",
  "content-language",
  "expires",
  "cache-control",
  "content-disposition",
  "content-encoding",
];

export function getObject(
  store: S3Store,
  bucket: string,
  key: string,
  req: EngineRequest,
  head: boolean,
): EngineResponse {
  const versionId = req.query.get("versionId") ?? undefined;
  const o = findObject(store, bucket, key, versionId);
  const headers: Record<string, string> = {
    "content-type": o.contentType ?? "binary/octet-stream",
    etag: `"${o.etag}"`,
    "last-modified": new Date(o.lastModified).toUTCString(),
    "accept-ranges": "bytes",
    ...versionHeader(o),
  };
  for (const [k, v] of Object.entries(o.metadata)) headers[`x-amz-meta-${k}`] = v;
  // response-content-type=… and the like (a presigned download naming its file): S3's overrides.
  for (const name of RESPONSE_OVERRIDES) {
    const v = req.query.get(`response-${name}`);
    if (v !== null) headers[name] = v;
  }
  const range = parseRange(header(req, "range"), o.size);
  // A whole object's checksum only: a range has none of its own.
  if (!range && header(req, "x-amz-checksum-mode") === "ENABLED")
    Object.assign(headers, checksumHeaders(o));
  if (head) {
    // A HEAD answer has no body: it states the length a GET would send.
    return { status: 200, headers: { ...headers, "content-length": String(o.size) }, body: "" };
  }
  const data = store.read(o);
  if (!range) return { status: 200, headers, body: data };
  const [start, end] = range;
  return {
    status: 206,
    headers: { ...headers, "content-range": `bytes ${start}-${end}/${o.size}` },
    body: data.subarray(start, end + 1),
  };
}

export function deleteObject(
  store: S3Store,
  bucket: string,
  key: string,
  req: EngineRequest,
  now: number,
): EngineResponse {
  const b = requireBucket(store, bucket);
  const versionId = req.query.get("versionId") ?? undefined;
  if (versionId !== undefined) {
    const o = store.getObject(b.name, key, versionId);
    if (!o) {
      if (!/^[A-Za-z0-9._-]+$/.test(versionId))
        throw invalidArgument("Invalid version id specified");
      return empty(204);
    }
    store.deleteVersion(o);
    return empty(204, {
      "x-amz-version-id": versionId,
      ...(o.deleteMarker ? { "x-amz-delete-marker": "true" } : {}),
    });
  }
  if (b.versioning === "") {
    const o = store.getObject(b.name, key);
    if (o) store.deleteVersion(o);
    return empty(204);
  }
  const marker = store.putObject(b, key, "delete-marker", now);
  return empty(204, { "x-amz-delete-marker": "true", "x-amz-version-id": marker.versionId });
}

/** x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, with an optional ?versionId=. */
function parseCopySource(raw: string): { bucket: string; key: string; versionId?: string } {
  const q = raw.indexOf("?");
  const path = decodeURIComponent(q === -1 ? raw : raw.slice(0, q)).replace(/^\//, "");
  const versionId =
    q === -1 ? undefined : (new URLSearchParams(raw.slice(q + 1)).get("versionId") ?? undefined);
  const slash = path.indexOf("/");
  if (slash <= 0 || slash === path.length - 1)
    throw invalidArgument(
      "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
    );
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1), versionId };
}

export function copyObject(
  store: S3Store,
  bucket: string,
  key: string,
  req: EngineRequest,
  now: number,
): EngineResponse {
  const dest = requireBucket(store, bucket);
  const src = parseCopySource(header(req, "x-amz-copy-source") ?? "");
  const from = findObject(store, src.bucket, src.key, src.versionId);
  const replace = header(req, "x-amz-metadata-directive") === "REPLACE";
  if (
    !replace &&
    src.bucket === bucket &&
    src.key === key &&
    src.versionId === undefined &&
    dest.versioning !== "Enabled"
  )
    throw new S3Error(
      400,
      "InvalidRequest",
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  const o = store.putObject(
    dest,
    key,
    {
      data: store.read(from),
      contentType: replace ? header(req, "content-type") : (from.contentType ?? undefined),
      metadata: replace ? userMetadata(req) : from.metadata,
      checksums: from.checksums,
    },
    now,
  );
  const checksumParts = Object.entries(o.checksums).map(([alg, v]) => el(`Checksum${alg}`, v));
  return xmlResponse(
    "CopyObjectResult",
    [el("ETag", `"${o.etag}"`), el("LastModified", isoTime(o.lastModified)), ...checksumParts],
    {
      ...versionHeader(o),
      ...(from.versionId !== "null" ? { "x-amz-copy-source-version-id": from.versionId } : {}),
    },
  );
}

const xmlUnescape = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e === "lt"
      ? "<"
      : e === "gt"
        ? ">"
        : e === "amp"
          ? "&"
          : e === "quot"
            ? '"'
            : e === "apos"
              ? "'"
              : String.fromCodePoint(
                  e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
                ),
  );

/** DeleteObjects (what `aws s3 rm --recursive` sends): each key as DeleteObject would, results in XML. */
export function deleteObjects(
  store: S3Store,
  bucket: string,
  req: EngineRequest,
  now: number,
): EngineResponse {
  requireBucket(store, bucket);
  decodePayload(req); // Content-MD5 / x-amz-checksum-* of the list, as S3 checks them
  const body = req.body.toString("utf8");
  const quiet = /<Quiet>\s*true\s*<\/Quiet>/.test(body);
  const objects = [...body.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((m) => ({
    key: xmlUnescape(/<Key>([\s\S]*?)<\/Key>/.exec(m[1] ?? "")?.[1] ?? ""),
    versionId: /<VersionId>([^<]*)<\/VersionId>/.exec(m[1] ?? "")?.[1],
  }));
  if (objects.length === 0 || objects.length > 1000)
    throw new S3Error(
      400,
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  const parts: string[] = [];
  for (const o of objects) {
    const query = new URLSearchParams(o.versionId ? { versionId: o.versionId } : {});
    try {
      const r = deleteObject(store, bucket, o.key, { ...req, query }, now);
      if (quiet) continue;
      const h = r.headers ?? {};
      parts.push(
        el("Deleted", [
          el("Key", o.key),
          o.versionId ? el("VersionId", o.versionId) : "",
          h["x-amz-delete-marker"] ? el("DeleteMarker", true) : "",
          h["x-amz-delete-marker"] && !o.versionId
            ? el("DeleteMarkerVersionId", h["x-amz-version-id"])
            : "",
        ]),
      );
    } catch (err) {
      if (!(err instanceof S3Error)) throw err;
      parts.push(el("Error", [el("Key", o.key), el("Code", err.code), el("Message", err.message)]));
    }
  }
  return xmlResponse("DeleteResult", parts);
}
