import type { VpcConfigResponse } from "./vpc-config";
import type { ImageLaunch } from "../images/launch";
import type { FileSystemConfig } from "./file-system-config";

/** The FunctionConfiguration document as the Lambda API returns it (AWS field names). */
export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
  Role: string;
  Handler?: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment?: { Variables: Record<string, string> };
  RevisionId: string;
  State: "Pending" | "Active" | "Inactive" | "Failed";
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus: "Successful" | "Failed" | "InProgress";
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
  PackageType: "Zip" | "Image";
  Architectures: ("x86_64" | "arm64")[];
  EphemeralStorage: { Size: number };
  LoggingConfig: {
    LogFormat: "Text" | "JSON";
    ApplicationLogLevel?: string;
    SystemLogLevel?: string;
    LogGroup: string;
  };
  TracingConfig: { Mode: "PassThrough" | "Active" };
  SnapStart: { ApplyOn: "PublishedVersions" | "None"; OptimizationStatus: "On" | "Off" };
  /** Stored and returned; not acted on by this engine (see settings-fields.ts). */
  DeadLetterConfig?: { TargetArn: string };
  KMSKeyArn?: string;
  TenancyConfig?: { TenantIsolationMode: "PER_TENANT" };
  DurableConfig?: { KMSKeyArn?: string; RetentionPeriodInDays?: number; ExecutionTimeout?: number };
  RuntimeVersionConfig?: { RuntimeVersionArn: string };
  Layers?: { Arn: string; CodeSize: number }[];
  /** Subnets make it a VPC function: no outbound access beyond the engine (see vpc-config.ts). */
  VpcConfig?: VpcConfigResponse;
  /** An EFS access point mounted at /mnt/... (see file-system-config.ts). */
  FileSystemConfigs?: FileSystemConfig[];
  /** PackageType Image: the function's ImageConfig overrides, as GetFunction shows them. */
  ImageConfigResponse?: {
    ImageConfig?: { EntryPoint?: string[]; Command?: string[]; WorkingDirectory?: string };
  };
  /** Code signing: the profile version and job that signed the deployed package. */
  SigningProfileVersionArn?: string;
  SigningJobArn?: string;
  /** PackageType Image: stored with the version for GetFunction's Code; present() strips it. */
  ImageCode?: { ImageUri: string; ResolvedImageUri?: string };
}

/**
 * What the scheduler needs to run one version of a function: its configuration and the
 * directory holding the unpacked code (read-only; shared by all environments of that code).
 */
export interface InvocationTarget {
  config: FunctionConfiguration;
  /** Resolved version ('$LATEST' or a number) that X-Amz-Executed-Version reports. */
  version: string;
  /** Unpacked code directory on the host, mounted at /var/task. */
  codeDir: string;
  /** Reserved concurrency of the function, or undefined when unreserved. */
  reservedConcurrency?: number;
  /** Layers (issue 14): their unpacked trees in order, merged read-only at /opt. */
  layerDirs?: string[];
  /** PackageType Image: run this (rootfs as /) instead of a runtime over codeDir. */
  image?: ImageLaunch;
}
