import "server-only";
import {
  GetFunctionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  waitUntilFunctionUpdatedV2,
  type Architecture,
  type FunctionConfiguration,
  type Runtime,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { AwsFailure, mapAwsError } from "./errors";

/** One function (or version) as the function page shows it. */
export interface FunctionDetail {
  name: string;
  arn: string;
  version: string;
  packageType: "Zip" | "Image";
  runtime?: string;
  handler?: string;
  architecture: string;
  memoryMb: number;
  timeoutSeconds: number;
  ephemeralStorageMb: number;
  description: string;
  role: string;
  environment: Record<string, string>;
  lastModified: string;
  codeSha256: string;
  codeSizeBytes: number;
  state?: string;
  stateReason?: string;
  lastUpdateStatus?: string;
  revisionId?: string;
  imageUri?: string;
  /** LoggingConfig.LogGroup: where its logs go (/aws/lambda/<name> unless set). */
  logGroup: string;
}

export interface FunctionInfo {
  config: FunctionDetail;
  /** Presigned download URL of the zip (absent for images). Server-side only. */
  codeLocation?: string;
  tags: Record<string, string>;
  reservedConcurrency: number | null;
}

export function toFunctionDetail(c: FunctionConfiguration): FunctionDetail {
  return {
    name: c.FunctionName ?? "",
    arn: c.FunctionArn ?? "",
    version: c.Version ?? "$LATEST",
    packageType: c.PackageType === "Image" ? "Image" : "Zip",
    ...(c.Runtime ? { runtime: c.Runtime } : {}),
    ...(c.Handler ? { handler: c.Handler } : {}),
    architecture: c.Architectures?.[0] ?? "x86_64",
    memoryMb: c.MemorySize ?? 128,
    timeoutSeconds: c.Timeout ?? 3,
    ephemeralStorageMb: c.EphemeralStorage?.Size ?? 512,
    description: c.Description ?? "",
    role: c.Role ?? "",
    environment: c.Environment?.Variables ?? {},
    lastModified: c.LastModified ?? "",
    codeSha256: c.CodeSha256 ?? "",
    codeSizeBytes: c.CodeSize ?? 0,
    ...(c.State ? { state: c.State } : {}),
    ...(c.StateReason ? { stateReason: c.StateReason } : {}),
    ...(c.LastUpdateStatus ? { lastUpdateStatus: c.LastUpdateStatus } : {}),
    ...(c.RevisionId ? { revisionId: c.RevisionId } : {}),
    logGroup: c.LoggingConfig?.LogGroup ?? `/aws/lambda/${c.FunctionName ?? ""}`,
  };
}

/** GetFunction: configuration, code location, tags, reserved concurrency. Throws AwsFailure. */
export async function getFunctionInfo(
  target: Target,
  name: string,
  qualifier?: string,
): Promise<FunctionInfo> {
  try {
    const out = await getLambdaClient(target).send(
      new GetFunctionCommand({
        FunctionName: name,
        ...(qualifier ? { Qualifier: qualifier } : {}),
      }),
    );
    const config = toFunctionDetail(out.Configuration ?? {});
    if (out.Code?.ImageUri) config.imageUri = out.Code.ImageUri;
    return {
      config,
      ...(out.Code?.Location ? { codeLocation: out.Code.Location } : {}),
      tags: out.Tags ?? {},
      reservedConcurrency: out.Concurrency?.ReservedConcurrentExecutions ?? null,
    };
  } catch (err) {
    throw mapAwsError(err, target);
  }
}

/** Downloads the deployment package from GetFunction's Code.Location. */
export async function downloadCode(target: Target, location: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(location, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw mapAwsError(err, target);
  }
  if (!res.ok) {
    throw new AwsFailure(
      "Unavailable",
      `The code download answered HTTP ${res.status}.`,
      "CodeDownload",
    );
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** Waits (up to 60 s) for LastUpdateStatus to leave InProgress; a Failed update is an error. */
async function waitUpdated(target: Target, name: string): Promise<FunctionDetail> {
  const client = getLambdaClient(target);
  await waitUntilFunctionUpdatedV2(
    { client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
    { FunctionName: name },
  ).catch(() => undefined);
  const info = await getFunctionInfo(target, name);
  if (info.config.lastUpdateStatus === "Failed") {
    throw new AwsFailure(
      "Invalid",
      `The update failed: ${info.config.stateReason ?? "no reason given"}`,
      "UpdateFailed",
    );
  }
  return info.config;
}

/** UpdateFunctionCode with a zip, then waits for the update to settle. */
export async function deployZip(
  target: Target,
  name: string,
  zip: Uint8Array,
): Promise<FunctionDetail> {
  try {
    await getLambdaClient(target).send(
      new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }),
    );
  } catch (err) {
    throw mapAwsError(err, target);
  }
  return waitUpdated(target, name);
}

export interface ConfigurationPatch {
  memoryMb?: number;
  timeoutSeconds?: number;
  description?: string;
  ephemeralStorageMb?: number;
  environment?: Record<string, string>;
  runtime?: string;
  handler?: string;
}

/** UpdateFunctionConfiguration with only the given fields, then waits for it to settle. */
export async function updateConfiguration(
  target: Target,
  name: string,
  patch: ConfigurationPatch,
): Promise<FunctionDetail> {
  try {
    await getLambdaClient(target).send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        ...(patch.memoryMb !== undefined ? { MemorySize: patch.memoryMb } : {}),
        ...(patch.timeoutSeconds !== undefined ? { Timeout: patch.timeoutSeconds } : {}),
        ...(patch.description !== undefined ? { Description: patch.description } : {}),
        ...(patch.ephemeralStorageMb !== undefined
          ? { EphemeralStorage: { Size: patch.ephemeralStorageMb } }
          : {}),
        ...(patch.environment !== undefined
          ? { Environment: { Variables: patch.environment } }
          : {}),
        // Validated by the caller's schema; the service has the last word.
        ...(patch.runtime !== undefined ? { Runtime: patch.runtime as Runtime } : {}),
        ...(patch.handler !== undefined ? { Handler: patch.handler } : {}),
      }),
    );
  } catch (err) {
    throw mapAwsError(err, target);
  }
  return waitUpdated(target, name);
}

/** Architecture lives with the code in Lambda's API: UpdateFunctionCode with the current zip. */
export async function updateArchitecture(
  target: Target,
  name: string,
  architecture: "x86_64" | "arm64",
  zip: Uint8Array,
): Promise<FunctionDetail> {
  try {
    await getLambdaClient(target).send(
      new UpdateFunctionCodeCommand({
        FunctionName: name,
        ZipFile: zip,
        Architectures: [architecture as Architecture],
      }),
    );
  } catch (err) {
    throw mapAwsError(err, target);
  }
  return waitUpdated(target, name);
}

export async function setTags(
  target: Target,
  arn: string,
  add: Record<string, string>,
  remove: string[],
): Promise<void> {
  const client = getLambdaClient(target);
  try {
    if (remove.length > 0)
      await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: remove }));
    if (Object.keys(add).length > 0)
      await client.send(new TagResourceCommand({ Resource: arn, Tags: add }));
  } catch (err) {
    throw mapAwsError(err, target);
  }
}
