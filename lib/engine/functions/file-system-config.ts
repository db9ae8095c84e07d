import { invalidParameter } from "../errors/aws-error";
import type { Db } from "../store/db";
import { EfsStore } from "../efs/store";
import type { AccessPointDescription } from "../efs/types";
import { constraintError } from "./arn";
import { optString } from "./body-fields";
import type { VpcConfigResponse } from "./vpc-config";

/** One entry of FileSystemConfigs, as Lambda takes and returns it. */
export interface FileSystemConfig {
  /** The EFS access point's ARN. */
  Arn: string;
  /** Where it is mounted inside the function: /mnt/<name>. */
  LocalMountPath: string;
}

const FILE_SYSTEM_ARN_PATTERN =
  "arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:access-point/fsap-[a-f0-9]{17}";
const ARN_RE =
  /^arn:aws[a-zA-Z-]*:elasticfilesystem:([a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}):(\d{12}):access-point\/(fsap-[a-f0-9]{17})$/;
const MOUNT_PATH_RE = /^\/mnt\/[a-zA-Z0-9-_.]+$/;

const badBody = (detail: string) =>
  invalidParameter(`Could not parse request body into json: ${detail}`);

/**
 * FileSystemConfigs of CreateFunction / UpdateFunctionConfiguration, checked against the model's
 * constraints (at most one; the ARN and mount path patterns). An empty list detaches.
 */
export function parseFileSystemConfigs(
  body: Record<string, unknown>,
): FileSystemConfig[] | undefined {
  const raw = body.FileSystemConfigs;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw badBody("FileSystemConfigs must be a list");
  if (raw.length > 1)
    throw constraintError(
      raw,
      "fileSystemConfigs",
      "Member must have length less than or equal to 1",
    );
  return raw.map((entry: unknown, i) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry))
      throw badBody("FileSystemConfigs must hold objects");
    const o = entry as Record<string, unknown>;
    const field = `fileSystemConfigs.${i + 1}.member`;
    const arn = optString(o, "Arn");
    if (arn === undefined) throw constraintError("null", `${field}.arn`, "Member must not be null");
    const mount = optString(o, "LocalMountPath");
    if (mount === undefined)
      throw constraintError("null", `${field}.localMountPath`, "Member must not be null");
    if (arn.length > 256 || !ARN_RE.test(arn))
      throw constraintError(
        arn,
        `${field}.arn`,
        `Member must satisfy regular expression pattern: ${FILE_SYSTEM_ARN_PATTERN}`,
      );
    if (mount.length > 160 || !MOUNT_PATH_RE.test(mount))
      throw constraintError(
        mount,
        `${field}.localMountPath`,
        "Member must satisfy regular expression pattern: /mnt/[a-zA-Z0-9-_.]+",
      );
    return { Arn: arn, LocalMountPath: mount };
  });
}

/** The access point an ARN names in this engine's account and region, if it exists. */
export function accessPointOf(
  db: Db,
  arn: string,
  where: { region: string; accountId: string },
): AccessPointDescription | undefined {
  const m = ARN_RE.exec(arn);
  if (!m || m[1] !== where.region || m[2] !== where.accountId || !m[3]) return undefined;
  return new EfsStore(db).getAccessPoint(m[3]);
}

/**
 * What Lambda checks of a configuration that mounts a file system, once the patch is applied:
 * the function is in a VPC, the access point exists and is available, and its file system has
 * mount targets. An empty list is dropped (the function no longer mounts anything).
 */
export function settleFileSystemConfigs(
  db: Db,
  config: { FileSystemConfigs?: FileSystemConfig[]; VpcConfig?: VpcConfigResponse },
  where: { region: string; accountId: string },
): void {
  const list = config.FileSystemConfigs;
  if (!list) return;
  if (list.length === 0) {
    delete config.FileSystemConfigs;
    return;
  }
  for (const fsc of list) {
    if ((config.VpcConfig?.SubnetIds.length ?? 0) === 0)
      throw invalidParameter(
        `Function must be configured to execute in a VPC to reference access point ${fsc.Arn}.`,
      );
    const ap = accessPointOf(db, fsc.Arn, where);
    if (!ap) throw invalidParameter(`EFS access point ${fsc.Arn} not found.`);
    if (ap.LifeCycleState !== "available")
      throw invalidParameter(
        `EFS access point ${fsc.Arn} is in '${ap.LifeCycleState}' state. It must be 'available'.`,
      );
    const store = new EfsStore(db);
    const fs = store.getFileSystem(ap.FileSystemId);
    if (!fs || store.listMountTargets(ap.FileSystemId).length === 0)
      throw invalidParameter(
        `EFS file system ${fs?.FileSystemArn ?? ap.FileSystemId} referenced by access point ${fsc.Arn} does not have mount targets created in all availability zones the function will execute in. Please create EFS mount targets in availability zones where the function has subnets. Function subnets: [${config.VpcConfig?.SubnetIds.join(", ") ?? ""}]`,
      );
  }
}
