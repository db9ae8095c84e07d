/** EFS descriptions as the API returns them (botocore efs/2015-02-01 shapes). */

export interface Tag {
  Key: string;
  Value: string;
}

type LifeCycleState = "creating" | "available" | "updating" | "deleting" | "deleted" | "error";

export interface FileSystemDescription {
  OwnerId: string;
  CreationToken: string;
  FileSystemId: string;
  FileSystemArn: string;
  /** Epoch seconds (restJson timestamps). */
  CreationTime: number;
  LifeCycleState: LifeCycleState;
  Name?: string;
  NumberOfMountTargets: number;
  SizeInBytes: {
    Value: number;
    Timestamp?: number;
    ValueInIA?: number;
    ValueInStandard?: number;
    ValueInArchive?: number;
  };
  PerformanceMode: "generalPurpose" | "maxIO";
  Encrypted: boolean;
  KmsKeyId?: string;
  ThroughputMode: "bursting" | "provisioned" | "elastic";
  ProvisionedThroughputInMibps?: number;
  AvailabilityZoneName?: string;
  AvailabilityZoneId?: string;
  Tags: Tag[];
  FileSystemProtection: { ReplicationOverwriteProtection: "ENABLED" | "DISABLED" | "REPLICATING" };
}

export interface PosixUser {
  Uid: number;
  Gid: number;
  SecondaryGids?: number[];
}

export interface CreationInfo {
  OwnerUid: number;
  OwnerGid: number;
  Permissions: string;
}

export interface RootDirectory {
  Path: string;
  CreationInfo?: CreationInfo;
}

export interface AccessPointDescription {
  ClientToken: string;
  Name?: string;
  Tags: Tag[];
  AccessPointId: string;
  AccessPointArn: string;
  FileSystemId: string;
  PosixUser?: PosixUser;
  RootDirectory: RootDirectory;
  OwnerId: string;
  LifeCycleState: LifeCycleState;
}

export interface MountTargetDescription {
  OwnerId: string;
  MountTargetId: string;
  FileSystemId: string;
  SubnetId: string;
  LifeCycleState: LifeCycleState;
  IpAddress?: string;
  NetworkInterfaceId: string;
  AvailabilityZoneId: string;
  AvailabilityZoneName: string;
  VpcId: string;
}
