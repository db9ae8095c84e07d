import { accessPointIdOf, newId, paginate, type EfsService } from "./service";
import { accessPointNotFound, badRequest, efsError } from "./errors";
import type { AccessPointDescription, CreationInfo, PosixUser, RootDirectory } from "./types";
import { optInteger, optObject, optString, parseTags, requireString } from "./validate";

const MAX_ID = 4294967295;
// The model's pattern: "/" or up to four components, none starting with "." nor holding shell
// metacharacters.
const ROOT_PATH = /^(\/|(\/(?!\.)+[^$#<>;`|&?{}^*/\n]+){1,4})$/;

function parsePosixUser(body: Record<string, unknown>): PosixUser | undefined {
  const o = optObject(body, "PosixUser");
  if (!o) return undefined;
  const Uid = optInteger(o, "Uid", 0, MAX_ID);
  const Gid = optInteger(o, "Gid", 0, MAX_ID);
  if (Uid === undefined || Gid === undefined)
    throw badRequest("PosixUser requires both Uid and Gid.");
  const raw = o.SecondaryGids;
  let SecondaryGids: number[] | undefined;
  if (raw !== undefined && raw !== null) {
    if (
      !Array.isArray(raw) ||
      raw.length > 16 ||
      raw.some((g) => typeof g !== "number" || !Number.isInteger(g) || g < 0 || g > MAX_ID)
    )
      throw badRequest("SecondaryGids must be a list of at most 16 group ids.");
    SecondaryGids = raw as number[];
  }
  return { Uid, Gid, ...(SecondaryGids ? { SecondaryGids } : {}) };
}

function parseRootDirectory(body: Record<string, unknown>): RootDirectory {
  const o = optObject(body, "RootDirectory");
  const Path = (o && optString(o, "Path")) ?? "/";
  if (Path.length > 100 || !ROOT_PATH.test(Path))
    throw badRequest(
      `1 validation error detected: Value '${Path}' at 'rootDirectory.path' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(\\/|(\\/(?!\\.)+[^$#<>;\`|&?{}^*/\\n]+){1,4})$`,
    );
  const ci = o ? optObject(o, "CreationInfo") : undefined;
  let CreationInfo: CreationInfo | undefined;
  if (ci) {
    const OwnerUid = optInteger(ci, "OwnerUid", 0, MAX_ID);
    const OwnerGid = optInteger(ci, "OwnerGid", 0, MAX_ID);
    const Permissions = optString(ci, "Permissions");
    if (OwnerUid === undefined || OwnerGid === undefined || Permissions === undefined)
      throw badRequest("CreationInfo requires OwnerUid, OwnerGid and Permissions.");
    if (!/^[0-7]{3,4}$/.test(Permissions))
      throw badRequest(
        `1 validation error detected: Value '${Permissions}' at 'rootDirectory.creationInfo.permissions' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-7]{3,4}$`,
      );
    CreationInfo = { OwnerUid, OwnerGid, Permissions };
  }
  return { Path, ...(CreationInfo ? { CreationInfo } : {}) };
}

export function createAccessPoint(
  efs: EfsService,
  body: Record<string, unknown>,
): AccessPointDescription {
  const token = requireString(body, "ClientToken");
  const fs = efs.requireFileSystem(requireString(body, "FileSystemId"));
  const existing = efs.store.accessPointByToken(token);
  if (existing)
    throw efsError(
      409,
      "AccessPointAlreadyExists",
      `Access point '${existing.AccessPointId}' already exists with client token '${token}'`,
      { AccessPointId: existing.AccessPointId },
    );
  if (fs.LifeCycleState !== "available")
    throw efsError(
      409,
      "IncorrectFileSystemLifeCycleState",
      `File system '${fs.FileSystemId}' is in state '${fs.LifeCycleState}'; access points can be created only in 'available' file systems.`,
    );
  const PosixUser = parsePosixUser(body);
  const RootDirectory = parseRootDirectory(body);
  const tags = parseTags(body.Tags);
  const id = newId("fsap");
  const name = tags.find((t) => t.Key === "Name")?.Value;
  const ap: AccessPointDescription = {
    ClientToken: token,
    ...(name !== undefined ? { Name: name } : {}),
    Tags: tags,
    AccessPointId: id,
    AccessPointArn: efs.arn("access-point", id),
    FileSystemId: fs.FileSystemId,
    ...(PosixUser ? { PosixUser } : {}),
    RootDirectory,
    OwnerId: efs.ownerId,
    LifeCycleState: "creating",
  };
  efs.store.insertAccessPoint(ap);
  // Available on the next turn: nothing to make on disk until a function first mounts it.
  efs.track(
    new Promise<void>((resolve) =>
      setImmediate(() => {
        const now = efs.store.getAccessPoint(id);
        if (now?.LifeCycleState === "creating")
          efs.store.putAccessPoint({ ...now, LifeCycleState: "available" });
        resolve();
      }),
    ),
  );
  return ap;
}

export function describeAccessPoints(
  efs: EfsService,
  query: URLSearchParams,
): { AccessPoints: AccessPointDescription[]; NextToken?: string } {
  const apParam = query.get("AccessPointId");
  const fsParam = query.get("FileSystemId");
  if (apParam && fsParam)
    throw badRequest("Specify either AccessPointId or FileSystemId, not both.");
  let all: AccessPointDescription[];
  if (apParam) {
    const id = accessPointIdOf(apParam);
    const ap = efs.store.getAccessPoint(id);
    if (!ap) throw accessPointNotFound(id);
    all = [ap];
  } else if (fsParam) {
    all = efs.store.listAccessPoints(efs.requireFileSystem(fsParam).FileSystemId);
  } else all = efs.store.listAccessPoints();
  const page = paginate(all, query.get("NextToken"), query.get("MaxResults"), 1000);
  return { AccessPoints: page.items, ...(page.next ? { NextToken: page.next } : {}) };
}

export function deleteAccessPoint(efs: EfsService, raw: string): void {
  const id = accessPointIdOf(raw);
  if (!efs.store.getAccessPoint(id)) throw accessPointNotFound(id);
  // As on AWS: the data stays in the file system; functions that mount it fail to start.
  efs.store.deleteAccessPoint(id);
}
