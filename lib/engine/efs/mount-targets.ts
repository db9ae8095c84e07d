import crypto from "node:crypto";
import { newId, paginate, type EfsService } from "./service";
import { badRequest, efsError, mountTargetNotFound } from "./errors";
import type { MountTargetDescription } from "./types";
import { optString, requireString } from "./validate";

const SUBNET = /^subnet-[0-9a-f]{8,40}$/;
const IPV4 = /^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/;

/** The VPC a subnet is in, as the engine's VpcConfig derives it (there is no EC2 to ask). */
const vpcOf = (subnet: string) =>
  "vpc-" + crypto.createHash("sha256").update(subnet).digest("hex").slice(0, 17);

/**
 * Mount targets are recorded only: the engine's functions reach file systems through the host.
 * Lambda requires one before a function can use the file system, as on AWS.
 */
export function createMountTarget(
  efs: EfsService,
  body: Record<string, unknown>,
): MountTargetDescription {
  const fs = efs.requireFileSystem(requireString(body, "FileSystemId"));
  const subnet = requireString(body, "SubnetId");
  if (!SUBNET.test(subnet)) throw badRequest(`Invalid subnet id '${subnet}'.`);
  const ip = optString(body, "IpAddress");
  if (ip !== undefined && !IPV4.test(ip)) throw badRequest(`Invalid IP address '${ip}'.`);
  if (fs.LifeCycleState !== "available")
    throw efsError(
      409,
      "IncorrectFileSystemLifeCycleState",
      `File system '${fs.FileSystemId}' is in state '${fs.LifeCycleState}'.`,
    );
  const existing = efs.store.listMountTargets(fs.FileSystemId);
  if (existing.some((m) => m.SubnetId === subnet))
    throw efsError(
      409,
      "MountTargetConflict",
      `File system '${fs.FileSystemId}' already has a mount target in the availability zone of subnet '${subnet}'.`,
    );
  const id = newId("fsmt");
  const mt: MountTargetDescription = {
    OwnerId: efs.ownerId,
    MountTargetId: id,
    FileSystemId: fs.FileSystemId,
    SubnetId: subnet,
    LifeCycleState: "available",
    IpAddress: ip ?? `10.0.${existing.length}.${10 + existing.length}`,
    NetworkInterfaceId: newId("eni"),
    AvailabilityZoneId: "use1-az1",
    AvailabilityZoneName: `${efs.ctx.config.region}a`,
    VpcId: vpcOf(subnet),
  };
  efs.store.insertMountTarget(mt);
  return mt;
}

export function describeMountTargets(
  efs: EfsService,
  query: URLSearchParams,
): { MountTargets: MountTargetDescription[]; Marker?: string; NextMarker?: string } {
  const mtParam = query.get("MountTargetId");
  const fsParam = query.get("FileSystemId");
  const apParam = query.get("AccessPointId");
  let all: MountTargetDescription[];
  if (mtParam) {
    const mt = efs.store.getMountTarget(mtParam);
    if (!mt) throw mountTargetNotFound(mtParam);
    all = [mt];
  } else if (fsParam) {
    all = efs.store.listMountTargets(efs.requireFileSystem(fsParam).FileSystemId);
  } else if (apParam) {
    const ap = efs.store.getAccessPoint(apParam.replace(/^.*access-point\//, ""));
    if (!ap)
      throw efsError(404, "AccessPointNotFound", `Access point '${apParam}' does not exist.`);
    all = efs.store.listMountTargets(ap.FileSystemId);
  } else throw badRequest("Specify one of MountTargetId, FileSystemId or AccessPointId.");
  const page = paginate(all, query.get("Marker"), query.get("MaxItems"), 100);
  return {
    MountTargets: page.items,
    ...(query.get("Marker") ? { Marker: query.get("Marker") ?? "" } : {}),
    ...(page.next ? { NextMarker: page.next } : {}),
  };
}

export function deleteMountTarget(efs: EfsService, id: string): void {
  if (!efs.store.getMountTarget(id)) throw mountTargetNotFound(id);
  efs.store.deleteMountTarget(id);
}
