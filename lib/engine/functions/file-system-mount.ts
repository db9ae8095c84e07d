import type { EngineContext } from "../context";
import { AwsError } from "../errors/aws-error";
import type { FunctionConfiguration } from "./types";
import { accessPointOf } from "./file-system-config";
import type { SandboxFileSystem } from "../sandbox/file-system-mount";
import { ensureAccessPointRoot, fileSystemDir, MountProblem } from "../efs/disk";
import { EfsStore } from "../efs/store";

/** Lambda's answer when a configured file system cannot be mounted (403, senderFault). */
const mountFailure = (message: string) =>
  new AwsError(403, "EFSMountFailureException", message, "Message");

/**
 * The file system an environment of this configuration mounts, or undefined: the access point's
 * root directory on the host (created on first use with its CreationInfo) and its POSIX user.
 */
export async function prepareFileSystemMount(
  ctx: EngineContext,
  config: FunctionConfiguration,
): Promise<SandboxFileSystem | undefined> {
  const fsc = config.FileSystemConfigs?.[0];
  if (!fsc) return undefined;
  const ap = accessPointOf(ctx.db, fsc.Arn, ctx.config);
  if (!ap || ap.LifeCycleState !== "available")
    throw mountFailure(
      `The function couldn't mount the file system: access point ${fsc.Arn} does not exist.`,
    );
  const fs = new EfsStore(ctx.db).getFileSystem(ap.FileSystemId);
  if (!fs || fs.LifeCycleState !== "available")
    throw mountFailure(
      `The function couldn't mount the file system ${ap.FileSystemId}: it is not available.`,
    );
  let hostDir: string;
  try {
    hostDir = await ensureAccessPointRoot(
      fileSystemDir(ctx.config.dataDir, fs.FileSystemId),
      ap.RootDirectory,
    );
  } catch (err) {
    if (err instanceof MountProblem)
      throw mountFailure(
        `The function couldn't mount the file system through access point ${fsc.Arn}: ${err.message}.`,
      );
    throw err;
  }
  // Without a PosixUser, NFS clients keep their own identity: Lambda's sandbox user.
  const uid = ap.PosixUser?.Uid ?? 993;
  const gid = ap.PosixUser?.Gid ?? 990;
  // Mapping other ids to themselves takes root (see sandbox/userns-launch.py).
  const self = process.getuid?.();
  if (self !== 0 && uid !== self)
    throw mountFailure(
      `The local engine runs as uid ${self ?? "?"}, not root, so it cannot run functions as access point ${ap.AccessPointId}'s POSIX user ${uid}. Run the engine as root, or use an access point whose PosixUser is ${self ?? "the engine's uid"}.`,
    );
  return {
    hostDir,
    mountPath: fsc.LocalMountPath,
    uid,
    gid,
    groups: ap.PosixUser?.SecondaryGids ?? [],
  };
}
