import crypto from "node:crypto";
import type { EngineContext } from "../context";
import { accessPointNotFound, badRequest, efsError, fileSystemNotFound } from "./errors";
import { createFileSystemDir, fileSystemDir, measureBytes, removeFileSystemDir } from "./disk";
import { EfsStore } from "./store";
import type { FileSystemDescription, Tag } from "./types";
import { checkEnum, mergeTags, optString, parseTags, requireString } from "./validate";

/** EFS ids as AWS makes them: a prefix and 17 hex digits (Lambda's ARN pattern wants exactly 17). */
export const newId = (prefix: string) =>
  `${prefix}-${crypto.randomBytes(9).toString("hex").slice(0, 17)}`;

const FS_ID =
  /^(?:arn:aws[-a-z]*:elasticfilesystem:[0-9a-z-:]+:file-system\/)?(fs-[0-9a-f]{8,40})$/;
const AP_ID =
  /^(?:arn:aws[-a-z]*:elasticfilesystem:[0-9a-z-:]+:access-point\/)?(fsap-[0-9a-f]{8,40})$/;

/** The id of a FileSystemId member (an id or an ARN). */
function fileSystemIdOf(raw: string): string {
  const m = FS_ID.exec(raw);
  if (!m?.[1]) throw badRequest(`Invalid file system id '${raw}'.`);
  return m[1];
}

export function accessPointIdOf(raw: string): string {
  const m = AP_ID.exec(raw);
  if (!m?.[1]) throw badRequest(`Invalid access point id '${raw}'.`);
  return m[1];
}

const nameOf = (tags: Tag[]) => tags.find((t) => t.Key === "Name")?.Value;

/**
 * The EFS subset: file systems are directories in the data dir (<data>/efs/<fs-id>), access
 * points and mount targets are records. Lifecycle states move creating → available in the
 * background, as on AWS, so callers poll as they would there.
 */
export class EfsService {
  readonly store: EfsStore;
  private readonly background = new Set<Promise<unknown>>();

  constructor(readonly ctx: EngineContext) {
    this.store = new EfsStore(ctx.db);
  }

  get ownerId(): string {
    return this.ctx.config.accountId;
  }

  arn(kind: "file-system" | "access-point", id: string): string {
    return `arn:aws:elasticfilesystem:${this.ctx.config.region}:${this.ownerId}:${kind}/${id}`;
  }

  hostDir(fileSystemId: string): string {
    return fileSystemDir(this.ctx.config.dataDir, fileSystemId);
  }

  track(p: Promise<unknown>): void {
    this.background.add(p);
    void p.finally(() => this.background.delete(p));
  }

  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  requireFileSystem(raw: string): FileSystemDescription {
    const id = fileSystemIdOf(raw);
    const fs = this.store.getFileSystem(id);
    if (!fs) throw fileSystemNotFound(id);
    return fs;
  }

  /** The description with what changes underneath it: size and mount target count. */
  present(fs: FileSystemDescription): FileSystemDescription {
    const value =
      fs.LifeCycleState === "available" ? measureBytes(this.hostDir(fs.FileSystemId)) : 0;
    return {
      ...fs,
      NumberOfMountTargets: this.store.listMountTargets(fs.FileSystemId).length,
      SizeInBytes: {
        Value: value,
        Timestamp: Math.floor(Date.now() / 1000),
        ValueInIA: 0,
        ValueInStandard: value,
        ValueInArchive: 0,
      },
    };
  }

  createFileSystem(body: Record<string, unknown>): FileSystemDescription {
    const token = requireString(body, "CreationToken");
    if (token.length > 64) throw badRequest("CreationToken must be at most 64 characters.");
    const existing = this.store.fileSystemByToken(token);
    if (existing)
      throw efsError(
        409,
        "FileSystemAlreadyExists",
        `File system '${existing.FileSystemId}' already exists with creation token '${token}'`,
        { FileSystemId: existing.FileSystemId },
      );
    const performance =
      checkEnum(optString(body, "PerformanceMode"), "performanceMode", [
        "generalPurpose",
        "maxIO",
      ] as const) ?? "generalPurpose";
    const throughput =
      checkEnum(optString(body, "ThroughputMode"), "throughputMode", [
        "bursting",
        "provisioned",
        "elastic",
      ] as const) ?? "bursting";
    const provisioned = body.ProvisionedThroughputInMibps;
    if (
      provisioned !== undefined &&
      provisioned !== null &&
      (typeof provisioned !== "number" || provisioned < 1)
    )
      throw badRequest("ProvisionedThroughputInMibps must be a number of at least 1.");
    if (throughput === "provisioned" && typeof provisioned !== "number")
      throw badRequest(
        "ProvisionedThroughputInMibps is required when ThroughputMode is provisioned.",
      );
    if (throughput !== "provisioned" && typeof provisioned === "number")
      throw badRequest(
        "ProvisionedThroughputInMibps can only be set when ThroughputMode is provisioned.",
      );
    if (performance === "maxIO" && throughput === "elastic")
      throw badRequest("Performance mode maxIO is not supported with throughput mode elastic.");
    const encrypted = body.Encrypted === true;
    const kmsKeyId = optString(body, "KmsKeyId");
    if (kmsKeyId !== undefined && !encrypted)
      throw badRequest("KmsKeyId can only be specified when Encrypted is true.");
    const az = optString(body, "AvailabilityZoneName");
    const tags = parseTags(body.Tags);
    const id = newId("fs");
    const fs: FileSystemDescription = {
      OwnerId: this.ownerId,
      CreationToken: token,
      FileSystemId: id,
      FileSystemArn: this.arn("file-system", id),
      CreationTime: Math.floor(Date.now() / 1000),
      LifeCycleState: "creating",
      ...(nameOf(tags) !== undefined ? { Name: nameOf(tags) } : {}),
      NumberOfMountTargets: 0,
      SizeInBytes: { Value: 0, ValueInIA: 0, ValueInStandard: 0, ValueInArchive: 0 },
      PerformanceMode: performance,
      Encrypted: encrypted,
      ...(encrypted
        ? {
            KmsKeyId:
              kmsKeyId ??
              `arn:aws:kms:${this.ctx.config.region}:${this.ownerId}:key/aws-managed-elasticfilesystem`,
          }
        : {}),
      ThroughputMode: throughput,
      ...(typeof provisioned === "number" ? { ProvisionedThroughputInMibps: provisioned } : {}),
      ...(az ? { AvailabilityZoneName: az, AvailabilityZoneId: `use1-az1` } : {}),
      Tags: tags,
      FileSystemProtection: { ReplicationOverwriteProtection: "ENABLED" },
    };
    this.store.insertFileSystem(fs);
    // The directory is made in the background; the file system is available once it exists.
    this.track(
      createFileSystemDir(this.ctx.config.dataDir, id).then(
        () => {
          const now = this.store.getFileSystem(id);
          if (now?.LifeCycleState === "creating")
            this.store.putFileSystem({ ...now, LifeCycleState: "available" });
        },
        (err: unknown) => {
          console.error("[engine] could not create file system directory", err);
          const now = this.store.getFileSystem(id);
          if (now) this.store.putFileSystem({ ...now, LifeCycleState: "error" });
        },
      ),
    );
    return fs;
  }

  describeFileSystems(query: URLSearchParams): {
    FileSystems: FileSystemDescription[];
    Marker?: string;
    NextMarker?: string;
  } {
    const idParam = query.get("FileSystemId");
    const token = query.get("CreationToken");
    let all: FileSystemDescription[];
    if (idParam) all = [this.requireFileSystem(idParam)];
    else all = this.store.listFileSystems();
    if (token) all = all.filter((f) => f.CreationToken === token);
    const page = paginate(all, query.get("Marker"), query.get("MaxItems"), 100);
    return {
      FileSystems: page.items.map((f) => this.present(f)),
      ...(query.get("Marker") ? { Marker: query.get("Marker") ?? "" } : {}),
      ...(page.next ? { NextMarker: page.next } : {}),
    };
  }

  deleteFileSystem(raw: string, functionsUsing: (apArns: string[]) => string[]): void {
    const fs = this.requireFileSystem(raw);
    const id = fs.FileSystemId;
    if (this.store.listMountTargets(id).length > 0)
      throw efsError(
        409,
        "FileSystemInUse",
        `File system '${id}' has mount targets created in it.`,
      );
    const aps = this.store.listAccessPoints(id);
    const users = functionsUsing(aps.map((a) => a.AccessPointArn));
    if (users.length > 0)
      throw efsError(
        409,
        "FileSystemInUse",
        `File system '${id}' is in use by Lambda functions: ${users.join(", ")}.`,
      );
    if (aps.length > 0)
      throw efsError(
        409,
        "FileSystemInUse",
        `File system '${id}' has access points created in it.`,
      );
    this.store.deleteFileSystem(id);
    this.track(removeFileSystemDir(this.ctx.config.dataDir, id));
  }

  /** The tags of a file system or access point (id or ARN), and a way to store new ones. */
  private tagged(raw: string): { tags: Tag[]; save: (tags: Tag[]) => void } {
    if (raw.includes("fsap-")) {
      const id = accessPointIdOf(raw);
      const ap = this.store.getAccessPoint(id);
      if (!ap) throw accessPointNotFound(id);
      return {
        tags: ap.Tags,
        save: (Tags) => {
          const name = nameOf(Tags);
          const { Name: _old, ...rest } = ap;
          void _old;
          this.store.putAccessPoint({
            ...rest,
            ...(name !== undefined ? { Name: name } : {}),
            Tags,
          });
        },
      };
    }
    const fs = this.requireFileSystem(raw);
    return {
      tags: fs.Tags,
      save: (Tags) => {
        const now = this.store.getFileSystem(fs.FileSystemId) ?? fs;
        const name = nameOf(Tags);
        const { Name: _old, ...rest } = now;
        void _old;
        this.store.putFileSystem({ ...rest, ...(name !== undefined ? { Name: name } : {}), Tags });
      },
    };
  }

  tagResource(raw: string, body: Record<string, unknown>): void {
    if (!Array.isArray(body.Tags)) throw badRequest("Tags is required.");
    const t = this.tagged(raw);
    t.save(mergeTags(t.tags, parseTags(body.Tags)));
  }

  untagResource(raw: string, keys: string[]): void {
    if (keys.length === 0) throw badRequest("TagKeys is required.");
    const t = this.tagged(raw);
    t.save(t.tags.filter((x) => !keys.includes(x.Key)));
  }

  listTagsForResource(raw: string, query: URLSearchParams): { Tags: Tag[]; NextToken?: string } {
    const page = paginate(
      this.tagged(raw).tags,
      query.get("NextToken"),
      query.get("MaxResults"),
      100,
    );
    return { Tags: page.items, ...(page.next ? { NextToken: page.next } : {}) };
  }
}

/** Offset pagination with opaque markers, as EFS's Marker / NextToken. */
export function paginate<T>(
  items: T[],
  marker: string | null,
  max: string | null,
  cap: number,
): { items: T[]; next?: string } {
  let start = 0;
  if (marker) {
    const n = Number(Buffer.from(marker, "base64url").toString("utf8"));
    if (!Number.isInteger(n) || n < 0) throw badRequest("Invalid marker.");
    start = n;
  }
  let size = cap;
  if (max !== null) {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1) throw badRequest("MaxItems must be at least 1.");
    size = Math.min(n, cap);
  }
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return {
    items: slice,
    ...(end < items.length ? { next: Buffer.from(String(end)).toString("base64url") } : {}),
  };
}
