import "server-only";
import {
  CreateAccessPointCommand,
  CreateFileSystemCommand,
  CreateMountTargetCommand,
  DeleteAccessPointCommand,
  DeleteFileSystemCommand,
  DeleteMountTargetCommand,
  DescribeFileSystemsCommand,
  paginateDescribeAccessPoints,
  paginateDescribeFileSystems,
  paginateDescribeMountTargets,
  type AccessPointDescription,
  type FileSystemDescription,
} from "@aws-sdk/client-efs";
import {
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getEfsClient, getLambdaClient } from "./clients";
import { AwsFailure } from "./errors";
import type {
  AccessPointView,
  FileSystemView,
  FunctionFileSystem,
  NewAccessPoint,
  NewFileSystem,
} from "./file-systems-types";

export type * from "./file-systems-types";

/** Access point ARN → the functions (and mount paths) whose $LATEST mounts it. */
async function mountsByAccessPoint(
  target: Target,
): Promise<Map<string, { name: string; mountPath: string }[]>> {
  const out = new Map<string, { name: string; mountPath: string }[]>();
  for await (const page of paginateListFunctions({ client: getLambdaClient(target) }, {})) {
    for (const fn of page.Functions ?? [])
      for (const fsc of fn.FileSystemConfigs ?? []) {
        if (!fsc.Arn) continue;
        const list = out.get(fsc.Arn) ?? [];
        list.push({ name: fn.FunctionName ?? "", mountPath: fsc.LocalMountPath ?? "" });
        out.set(fsc.Arn, list);
      }
  }
  return out;
}

function toAccessPoint(
  ap: AccessPointDescription,
  mounts: Map<string, { name: string; mountPath: string }[]>,
): AccessPointView {
  const ci = ap.RootDirectory?.CreationInfo;
  return {
    id: ap.AccessPointId ?? "",
    arn: ap.AccessPointArn ?? "",
    name: ap.Name ?? "",
    fileSystemId: ap.FileSystemId ?? "",
    state: ap.LifeCycleState ?? "",
    ...(ap.PosixUser
      ? {
          posixUser: {
            uid: Number(ap.PosixUser.Uid ?? 0),
            gid: Number(ap.PosixUser.Gid ?? 0),
            secondaryGids: (ap.PosixUser.SecondaryGids ?? []).map(Number),
          },
        }
      : {}),
    rootPath: ap.RootDirectory?.Path ?? "/",
    ...(ci
      ? {
          creationInfo: {
            ownerUid: Number(ci.OwnerUid ?? 0),
            ownerGid: Number(ci.OwnerGid ?? 0),
            permissions: ci.Permissions ?? "",
          },
        }
      : {}),
    functions: mounts.get(ap.AccessPointArn ?? "") ?? [],
  };
}

function toFileSystem(
  fs: FileSystemDescription,
): Omit<FileSystemView, "mountTargets" | "accessPoints"> {
  return {
    id: fs.FileSystemId ?? "",
    arn: fs.FileSystemArn ?? "",
    name: fs.Name ?? "",
    state: fs.LifeCycleState ?? "",
    sizeBytes: Number(fs.SizeInBytes?.Value ?? 0),
    performanceMode: fs.PerformanceMode ?? "",
    throughputMode: fs.ThroughputMode ?? "",
    encrypted: fs.Encrypted ?? false,
    createdAt: fs.CreationTime ? fs.CreationTime.toISOString() : "",
  };
}

/** Every file system of the target with its mount targets, access points and their functions. */
export async function listFileSystems(target: Target): Promise<FileSystemView[]> {
  const efs = getEfsClient(target);
  const [mounts, fileSystems, accessPoints] = await Promise.all([
    mountsByAccessPoint(target),
    (async () => {
      const all: FileSystemDescription[] = [];
      for await (const page of paginateDescribeFileSystems({ client: efs }, {}))
        all.push(...(page.FileSystems ?? []));
      return all;
    })(),
    (async () => {
      const all: AccessPointDescription[] = [];
      for await (const page of paginateDescribeAccessPoints({ client: efs }, {}))
        all.push(...(page.AccessPoints ?? []));
      return all;
    })(),
  ]);
  return Promise.all(
    fileSystems.map(async (f) => {
      const mts = [];
      for await (const page of paginateDescribeMountTargets(
        { client: efs },
        { FileSystemId: f.FileSystemId },
      ))
        mts.push(...(page.MountTargets ?? []));
      return {
        ...toFileSystem(f),
        mountTargets: mts.map((m) => ({
          id: m.MountTargetId ?? "",
          subnetId: m.SubnetId ?? "",
          state: m.LifeCycleState ?? "",
        })),
        accessPoints: accessPoints
          .filter((a) => a.FileSystemId === f.FileSystemId)
          .map((a) => toAccessPoint(a, mounts)),
      };
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates a file system, waits until it is available, and adds a mount target when asked. */
export async function createFileSystem(target: Target, input: NewFileSystem): Promise<string> {
  const efs = getEfsClient(target);
  const created = await efs.send(
    new CreateFileSystemCommand({
      CreationToken: crypto.randomUUID(),
      PerformanceMode: input.performanceMode,
      ThroughputMode: input.throughputMode,
      ...(input.throughputMode === "provisioned"
        ? { ProvisionedThroughputInMibps: input.provisionedMibps }
        : {}),
      Encrypted: input.encrypted,
      ...(input.name ? { Tags: [{ Key: "Name", Value: input.name }] } : {}),
    }),
  );
  const id = created.FileSystemId ?? "";
  if (input.subnetId) {
    for (let i = 0; i < 120; i++) {
      const d = await efs.send(new DescribeFileSystemsCommand({ FileSystemId: id }));
      if (d.FileSystems?.[0]?.LifeCycleState === "available") break;
      await sleep(i < 10 ? 50 : 1000);
    }
    await efs.send(new CreateMountTargetCommand({ FileSystemId: id, SubnetId: input.subnetId }));
  }
  return id;
}

/** Deletes a file system's mount targets, then the file system (EFS refuses it while in use). */
export async function deleteFileSystem(target: Target, id: string): Promise<void> {
  const efs = getEfsClient(target);
  // Refused before the mount targets go: a delete that cannot finish must change nothing.
  const aps: string[] = [];
  for await (const page of paginateDescribeAccessPoints({ client: efs }, { FileSystemId: id }))
    for (const ap of page.AccessPoints ?? []) aps.push(ap.Name || ap.AccessPointId || "");
  if (aps.length > 0)
    throw new AwsFailure(
      "Conflict",
      `${id} is in use by its access points (${aps.join(", ")}): delete them first.`,
      "FileSystemInUse",
    );
  for await (const page of paginateDescribeMountTargets({ client: efs }, { FileSystemId: id }))
    for (const m of page.MountTargets ?? [])
      await efs.send(new DeleteMountTargetCommand({ MountTargetId: m.MountTargetId }));
  await efs.send(new DeleteFileSystemCommand({ FileSystemId: id }));
}

export async function createAccessPoint(target: Target, input: NewAccessPoint): Promise<string> {
  const out = await getEfsClient(target).send(
    new CreateAccessPointCommand({
      ClientToken: crypto.randomUUID(),
      FileSystemId: input.fileSystemId,
      ...(input.uid !== undefined && input.gid !== undefined
        ? {
            PosixUser: {
              Uid: input.uid,
              Gid: input.gid,
              ...(input.secondaryGids.length ? { SecondaryGids: input.secondaryGids } : {}),
            },
          }
        : {}),
      RootDirectory: {
        Path: input.rootPath,
        ...(input.creation
          ? {
              CreationInfo: {
                OwnerUid: input.creation.ownerUid,
                OwnerGid: input.creation.ownerGid,
                Permissions: input.creation.permissions,
              },
            }
          : {}),
      },
      ...(input.name ? { Tags: [{ Key: "Name", Value: input.name }] } : {}),
    }),
  );
  return out.AccessPointId ?? "";
}

export async function deleteAccessPoint(target: Target, id: string): Promise<void> {
  await getEfsClient(target).send(new DeleteAccessPointCommand({ AccessPointId: id }));
}

/** The function's file system mount and VPC subnets (Lambda needs a VPC to mount EFS). */
export async function getFunctionFileSystem(
  target: Target,
  functionName: string,
): Promise<{ mount?: FunctionFileSystem; subnetIds: string[]; securityGroupIds: string[] }> {
  const c = await getLambdaClient(target).send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName }),
  );
  const fsc = c.FileSystemConfigs?.[0];
  return {
    ...(fsc?.Arn
      ? { mount: { accessPointArn: fsc.Arn, mountPath: fsc.LocalMountPath ?? "" } }
      : {}),
    subnetIds: c.VpcConfig?.SubnetIds ?? [],
    securityGroupIds: c.VpcConfig?.SecurityGroupIds ?? [],
  };
}

/**
 * Attaches an access point at a mount path (with the subnets, when the function is not in a VPC
 * yet), or detaches with `mount` undefined.
 */
export async function setFunctionFileSystem(
  target: Target,
  functionName: string,
  mount: FunctionFileSystem | undefined,
  subnetIds?: string[],
): Promise<void> {
  await getLambdaClient(target).send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: functionName,
      FileSystemConfigs: mount
        ? [{ Arn: mount.accessPointArn, LocalMountPath: mount.mountPath }]
        : [],
      ...(subnetIds?.length ? { VpcConfig: { SubnetIds: subnetIds } } : {}),
    }),
  );
}
