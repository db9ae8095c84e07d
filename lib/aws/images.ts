import "server-only";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type GetFunctionCommandOutput,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import type { FunctionImage, ImageConfigValues } from "./images-types";

export type { FunctionImage } from "./images-types";

export interface NewImageFunction {
  name: string;
  imageUri: string;
  imageConfig: ImageConfigValues;
  architecture: "x86_64" | "arm64";
  role: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
}

/** How a create or deploy ended once Lambda settled it. */
export interface ImageOutcome {
  ok: boolean;
  /** Active / Successful, or Lambda's StateReason / LastUpdateStatusReason. */
  message: string;
  image: FunctionImage;
}

const DIGEST = /@(sha256:[a-f0-9]{64})$/;

function toFunctionImage(out: GetFunctionCommandOutput): FunctionImage {
  const c = out.Configuration ?? {};
  const r = c.ImageConfigResponse?.ImageConfig;
  const resolved = out.Code?.ResolvedImageUri;
  const digest = resolved ? DIGEST.exec(resolved)?.[1] : undefined;
  return {
    name: c.FunctionName ?? "",
    packageType: c.PackageType === "Image" ? "Image" : "Zip",
    ...(out.Code?.ImageUri ? { imageUri: out.Code.ImageUri } : {}),
    ...(resolved ? { resolvedImageUri: resolved } : {}),
    ...(digest ? { digest } : {}),
    imageConfig: {
      entryPoint: r?.EntryPoint ?? [],
      command: r?.Command ?? [],
      workingDirectory: r?.WorkingDirectory ?? "",
    },
    architecture: c.Architectures?.[0] ?? "x86_64",
    ...(c.State ? { state: c.State } : {}),
    ...(c.StateReason ? { stateReason: c.StateReason } : {}),
    ...(c.StateReasonCode ? { stateReasonCode: c.StateReasonCode } : {}),
    ...(c.LastUpdateStatus ? { lastUpdateStatus: c.LastUpdateStatus } : {}),
    ...(c.LastUpdateStatusReason ? { lastUpdateStatusReason: c.LastUpdateStatusReason } : {}),
  };
}

/** GetFunction, reshaped for the image panel. Throws AwsFailure. */
export async function getFunctionImage(target: Target, name: string): Promise<FunctionImage> {
  const out = await getLambdaClient(target).send(new GetFunctionCommand({ FunctionName: name }));
  return toFunctionImage(out);
}

/** ImageConfig as the API wants it: empty overrides are left out so the image's own apply. */
function imageConfigInput(c: ImageConfigValues) {
  return {
    ...(c.entryPoint.length ? { EntryPoint: c.entryPoint } : {}),
    ...(c.command.length ? { Command: c.command } : {}),
    ...(c.workingDirectory ? { WorkingDirectory: c.workingDirectory } : {}),
  };
}

/**
 * CreateFunction with PackageType Image, then wait (up to 3 min: pulling a big image takes a
 * while) for Active or Failed. A refusal by the API throws AwsFailure; Failed is an outcome.
 */
export async function createImageFunction(
  target: Target,
  fn: NewImageFunction,
): Promise<ImageOutcome> {
  const client = getLambdaClient(target);
  await client.send(
    new CreateFunctionCommand({
      FunctionName: fn.name,
      PackageType: "Image",
      Code: { ImageUri: fn.imageUri },
      ImageConfig: imageConfigInput(fn.imageConfig),
      Architectures: [fn.architecture],
      Role: fn.role,
      Description: fn.description,
      MemorySize: fn.memoryMb,
      Timeout: fn.timeoutSeconds,
      Environment: { Variables: fn.environment },
    }),
  );
  await waitUntilFunctionActiveV2(
    { client, maxWaitTime: 180, minDelay: 1, maxDelay: 3 },
    { FunctionName: fn.name },
  ).catch(() => undefined);
  const image = toFunctionImage(
    await client.send(new GetFunctionCommand({ FunctionName: fn.name })),
  );
  if (image.state === "Active") return { ok: true, message: "Active", image };
  return {
    ok: false,
    message: reasonOf(image.state, image.stateReasonCode, image.stateReason),
    image,
  };
}

function reasonOf(
  status: string | undefined,
  code: string | undefined,
  reason: string | undefined,
) {
  const head = `${status ?? "Unknown"}${code ? ` (${code})` : ""}`;
  return reason ? `${head}: ${reason}` : head;
}

/**
 * UpdateFunctionCode with a new ImageUri (a tag, or a digest for a rollback), then wait for the
 * update to finish. Failed is an outcome with Lambda's reason; refusals throw AwsFailure.
 */
export async function deployFunctionImage(
  target: Target,
  name: string,
  imageUri: string,
): Promise<ImageOutcome> {
  const client = getLambdaClient(target);
  await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ImageUri: imageUri }));
  await waitUntilFunctionUpdatedV2(
    { client, maxWaitTime: 180, minDelay: 1, maxDelay: 3 },
    { FunctionName: name },
  ).catch(() => undefined);
  const image = toFunctionImage(await client.send(new GetFunctionCommand({ FunctionName: name })));
  if (image.lastUpdateStatus === "Successful" && image.state !== "Failed")
    return { ok: true, message: "Successful", image };
  const failedState = image.state === "Failed";
  return {
    ok: false,
    message: failedState
      ? reasonOf(image.state, image.stateReasonCode, image.stateReason)
      : reasonOf(image.lastUpdateStatus, undefined, image.lastUpdateStatusReason),
    image,
  };
}
