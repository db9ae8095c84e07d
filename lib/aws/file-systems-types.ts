/** File systems as the console shows them (EFS on AWS, directories in the engine's data dir locally). */

export interface AccessPointView {
  id: string;
  arn: string;
  name: string;
  fileSystemId: string;
  state: string;
  /** The POSIX user every request through the access point runs as, when it sets one. */
  posixUser?: { uid: number; gid: number; secondaryGids: number[] };
  rootPath: string;
  creationInfo?: { ownerUid: number; ownerGid: number; permissions: string };
  /** Functions whose configuration mounts this access point. */
  functions: { name: string; mountPath: string }[];
}

interface MountTargetView {
  id: string;
  subnetId: string;
  state: string;
}

export interface FileSystemView {
  id: string;
  arn: string;
  name: string;
  state: string;
  sizeBytes: number;
  performanceMode: string;
  throughputMode: string;
  encrypted: boolean;
  createdAt: string;
  mountTargets: MountTargetView[];
  accessPoints: AccessPointView[];
}

export interface NewFileSystem {
  name: string;
  performanceMode: "generalPurpose" | "maxIO";
  throughputMode: "bursting" | "elastic" | "provisioned";
  provisionedMibps?: number;
  encrypted: boolean;
  /** A mount target in this subnet (Lambda needs one to mount the file system). */
  subnetId?: string;
}

export interface NewAccessPoint {
  fileSystemId: string;
  name: string;
  uid?: number;
  gid?: number;
  secondaryGids: number[];
  rootPath: string;
  creation?: { ownerUid: number; ownerGid: number; permissions: string };
}

/** A function's mounted file system, as its Configuration tab shows it. */
export interface FunctionFileSystem {
  accessPointArn: string;
  mountPath: string;
}
