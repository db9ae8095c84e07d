import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { empty, type EngineRequest, type EngineResponse } from "../http/types";
import { requireBucket } from "./bucket-handlers";
import { S3Error } from "./errors";
import { decodePayload } from "./payload";
import type { S3Store } from "./store";
import { el, xmlResponse } from "./xml";

/** What CreateMultipartUpload recorded: the target and the object's headers. */
interface UploadMeta {
  bucket: string;
  key: string;
  contentType?: string;
  metadata: Record<string, string>;
}

const noSuchUpload = () =>
  new S3Error(
    404,
    "NoSuchUpload",
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
  );

/**
 * Multipart uploads (what `aws s3 cp` uses above 8 MB): parts are files under
 * <dataDir>/s3/uploads/<uploadId>/ until Complete assembles them into one object.
 */
export class MultipartUploads {
  private readonly root: string;

  constructor(private readonly store: S3Store) {
    this.root = path.join(store.blobDir, "uploads");
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
  }

  private dir(uploadId: string, bucket: string, key: string): string {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(uploadId)) throw noSuchUpload();
    const dir = path.join(this.root, uploadId);
    let meta: UploadMeta;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as UploadMeta;
    } catch {
      throw noSuchUpload();
    }
    if (meta.bucket !== bucket || meta.key !== key) throw noSuchUpload();
    return dir;
  }

  create(
    bucket: string,
    key: string,
    req: EngineRequest,
    metadata: Record<string, string>,
  ): EngineResponse {
    requireBucket(this.store, bucket);
    const uploadId = crypto.randomBytes(24).toString("base64url");
    const dir = path.join(this.root, uploadId);
    fs.mkdirSync(dir, { mode: 0o700 });
    const ct = req.headers["content-type"];
    const meta: UploadMeta = {
      bucket,
      key,
      contentType: typeof ct === "string" ? ct : undefined,
      metadata,
    };
    fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify(meta), { mode: 0o600 });
    return xmlResponse("InitiateMultipartUploadResult", [
      el("Bucket", bucket),
      el("Key", key),
      el("UploadId", uploadId),
    ]);
  }

  uploadPart(bucket: string, key: string, req: EngineRequest): EngineResponse {
    const dir = this.dir(req.query.get("uploadId") ?? "", bucket, key);
    const n = Number(req.query.get("partNumber"));
    if (!Number.isInteger(n) || n < 1 || n > 10000)
      throw new S3Error(
        400,
        "InvalidArgument",
        "Part number must be an integer between 1 and 10000, inclusive",
      );
    const { data, checksums } = decodePayload(req);
    fs.writeFileSync(path.join(dir, `${n}.part`), data, { mode: 0o600 });
    const etag = crypto.createHash("md5").update(data).digest("hex");
    const extra: Record<string, string> = {};
    for (const [alg, v] of Object.entries(checksums))
      extra[`x-amz-checksum-${alg.toLowerCase()}`] = v;
    return empty(200, { etag: `"${etag}"`, ...extra });
  }

  complete(bucket: string, key: string, req: EngineRequest, now: number): EngineResponse {
    const uploadId = req.query.get("uploadId") ?? "";
    const dir = this.dir(uploadId, bucket, key);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as UploadMeta;
    const listed = [...req.body.toString("utf8").matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(
      (m) => ({
        n: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(m[1] ?? "")?.[1]),
        etag: (/<ETag>([^<]*)<\/ETag>/.exec(m[1] ?? "")?.[1] ?? "").replace(/&quot;|"/g, ""),
      }),
    );
    if (listed.length === 0)
      throw new S3Error(
        400,
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
      );
    const parts: Buffer[] = [];
    let previous = 0;
    for (const p of listed) {
      if (p.n <= previous)
        throw new S3Error(
          400,
          "InvalidPartOrder",
          "The list of parts was not in ascending order. Parts must be ordered by part number.",
        );
      previous = p.n;
      const file = path.join(dir, `${p.n}.part`);
      if (!fs.existsSync(file))
        throw new S3Error(
          400,
          "InvalidPart",
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        );
      const data = fs.readFileSync(file);
      if (crypto.createHash("md5").update(data).digest("hex") !== p.etag)
        throw new S3Error(
          400,
          "InvalidPart",
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        );
      parts.push(data);
    }
    const b = requireBucket(this.store, bucket);
    const o = this.store.putObject(
      b,
      key,
      {
        data: Buffer.concat(parts),
        contentType: meta.contentType,
        metadata: meta.metadata,
        checksums: {},
      },
      now,
    );
    // S3's multipart ETag: md5 of the parts' md5s, "-<count>".
    const etag = `${crypto
      .createHash("md5")
      .update(Buffer.concat(listed.map((p) => Buffer.from(p.etag, "hex"))))
      .digest("hex")}-${listed.length}`;
    this.store.setEtag(o.id, etag);
    fs.rmSync(dir, { recursive: true, force: true });
    return xmlResponse(
      "CompleteMultipartUploadResult",
      [
        el("Location", `/${bucket}/${key}`),
        el("Bucket", bucket),
        el("Key", key),
        el("ETag", `"${etag}"`),
      ],
      o.versionId === "null" ? {} : { "x-amz-version-id": o.versionId },
    );
  }

  abort(bucket: string, key: string, req: EngineRequest): EngineResponse {
    const dir = this.dir(req.query.get("uploadId") ?? "", bucket, key);
    fs.rmSync(dir, { recursive: true, force: true });
    return empty(204);
  }
}
