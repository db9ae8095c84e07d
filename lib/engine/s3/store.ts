import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../store/db";

type Versioning = "" | "Enabled" | "Suspended";

export interface BucketRow {
  name: string;
  createdAt: number;
  versioning: Versioning;
}

export interface ObjectRow {
  id: number;
  bucket: string;
  key: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  digest: string | null;
  size: number;
  etag: string;
  contentType: string | null;
  metadata: Record<string, string>;
  checksums: Record<string, string>;
  lastModified: number;
}

export interface NewObject {
  data: Buffer;
  contentType?: string;
  metadata: Record<string, string>;
  checksums: Record<string, string>;
}

interface RawObject {
  id: number;
  bucket: string;
  key: string;
  version_id: string;
  is_latest: number;
  delete_marker: number;
  digest: string | null;
  size: number;
  etag: string;
  content_type: string | null;
  metadata: string;
  checksums: string;
  last_modified: number;
}

const toRow = (r: RawObject): ObjectRow => ({
  id: r.id,
  bucket: r.bucket,
  key: r.key,
  versionId: r.version_id,
  isLatest: r.is_latest === 1,
  deleteMarker: r.delete_marker === 1,
  digest: r.digest,
  size: r.size,
  etag: r.etag,
  contentType: r.content_type,
  metadata: JSON.parse(r.metadata) as Record<string, string>,
  checksums: JSON.parse(r.checksums) as Record<string, string>,
  lastModified: r.last_modified,
});

/** S3 version ids: 32 URL-safe characters, as S3's look. */
const newVersionId = () => crypto.randomBytes(24).toString("base64url");

/**
 * Buckets and object versions in SQLite; object content in <dataDir>/s3/<sha256> (written once,
 * temp file + rename), so identical uploads share one file.
 */
export class S3Store {
  readonly blobDir: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.blobDir = path.join(dataDir, "s3");
    fs.mkdirSync(this.blobDir, { recursive: true, mode: 0o700 });
  }

  getBucket(name: string): BucketRow | undefined {
    const r = this.db
      .prepare("SELECT name, created_at AS createdAt, versioning FROM s3_buckets WHERE name = ?")
      .get(name) as BucketRow | undefined;
    return r;
  }

  listBuckets(): BucketRow[] {
    return this.db
      .prepare("SELECT name, created_at AS createdAt, versioning FROM s3_buckets ORDER BY name")
      .all() as BucketRow[];
  }

  createBucket(name: string, now: number): boolean {
    return (
      this.db
        .prepare("INSERT OR IGNORE INTO s3_buckets (name, created_at) VALUES (?, ?)")
        .run(name, now).changes === 1
    );
  }

  isEmpty(bucket: string): boolean {
    return !this.db.prepare("SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1").get(bucket);
  }

  deleteBucket(name: string): void {
    this.db.prepare("DELETE FROM s3_buckets WHERE name = ?").run(name);
  }

  setVersioning(name: string, status: "Enabled" | "Suspended"): void {
    this.db.prepare("UPDATE s3_buckets SET versioning = ? WHERE name = ?").run(status, name);
  }

  /** The latest version of a key (possibly a delete marker), or a given version. */
  getObject(bucket: string, key: string, versionId?: string): ObjectRow | undefined {
    const r = (
      versionId === undefined
        ? this.db
            .prepare("SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND is_latest = 1")
            .get(bucket, key)
        : this.db
            .prepare("SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?")
            .get(bucket, key, versionId)
    ) as RawObject | undefined;
    return r && toRow(r);
  }

  blobPath(digest: string): string {
    return path.join(this.blobDir, digest);
  }

  read(row: ObjectRow): Buffer {
    return row.digest ? fs.readFileSync(this.blobPath(row.digest)) : Buffer.alloc(0);
  }

  private saveBlob(data: Buffer): string {
    const digest = crypto.createHash("sha256").update(data).digest("hex");
    const file = this.blobPath(digest);
    if (!fs.existsSync(file)) {
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
      fs.writeFileSync(tmp, data, { mode: 0o600 });
      fs.renameSync(tmp, file);
    }
    return digest;
  }

  /**
   * Writes a new current version: a fresh version id when versioning is Enabled, else the "null"
   * version, which replaces an earlier "null" version of the key.
   */
  putObject(
    bucket: BucketRow,
    key: string,
    obj: NewObject | "delete-marker",
    now: number,
  ): ObjectRow {
    const marker = obj === "delete-marker";
    const digest = marker ? null : this.saveBlob(obj.data);
    const versionId = bucket.versioning === "Enabled" ? newVersionId() : "null";
    const etag = marker ? "" : crypto.createHash("md5").update(obj.data).digest("hex");
    const insert = this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE s3_objects SET is_latest = 0 WHERE bucket = ? AND key = ? AND is_latest = 1",
        )
        .run(bucket.name, key);
      if (versionId === "null")
        this.db
          .prepare("DELETE FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = 'null'")
          .run(bucket.name, key);
      const info = this.db
        .prepare(
          `INSERT INTO s3_objects (bucket, key, version_id, is_latest, delete_marker, digest, size, etag, content_type, metadata, checksums, last_modified)
           VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          bucket.name,
          key,
          versionId,
          marker ? 1 : 0,
          digest,
          marker ? 0 : obj.data.length,
          etag,
          marker ? null : (obj.contentType ?? null),
          JSON.stringify(marker ? {} : obj.metadata),
          JSON.stringify(marker ? {} : obj.checksums),
          now,
        );
      return Number(info.lastInsertRowid);
    });
    const id = insert();
    const row = this.db.prepare("SELECT * FROM s3_objects WHERE id = ?").get(id) as RawObject;
    return toRow(row);
  }

  setEtag(id: number, etag: string): void {
    this.db.prepare("UPDATE s3_objects SET etag = ? WHERE id = ?").run(etag, id);
  }

  /** Removes one version for good; the next newest becomes current. */
  deleteVersion(row: ObjectRow): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM s3_objects WHERE id = ?").run(row.id);
      if (row.isLatest)
        this.db
          .prepare(
            `UPDATE s3_objects SET is_latest = 1 WHERE id =
               (SELECT MAX(id) FROM s3_objects WHERE bucket = ? AND key = ?)`,
          )
          .run(row.bucket, row.key);
    })();
  }

  /** Current, non-deleted objects with keys after `after` and starting with `prefix`, in key order. */
  listLatest(bucket: string, prefix: string, after: string, limit: number): ObjectRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM s3_objects WHERE bucket = ? AND is_latest = 1 AND delete_marker = 0
           AND key > ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?`,
      )
      .all(bucket, after, prefix.length, prefix, limit) as RawObject[];
    return rows.map(toRow);
  }

  /** Every version of keys starting with `prefix`: key order, newest first within a key. */
  listVersions(
    bucket: string,
    prefix: string,
    limit: number,
    afterKey = "",
    afterId = 0,
  ): ObjectRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM s3_objects WHERE bucket = ? AND substr(key, 1, ?) = ?
           AND (key > ? OR (key = ? AND ? > 0 AND id < ?))
         ORDER BY key, id DESC LIMIT ?`,
      )
      .all(
        bucket,
        prefix.length,
        prefix,
        afterKey,
        afterKey,
        afterId,
        afterId,
        limit,
      ) as RawObject[];
    return rows.map(toRow);
  }
}
