/**
 * The control plane's hooks for PackageType Image: input validation, the Pending → Active pull,
 * GetFunction's Code, and the launch spec the resolver hands to the scheduler.
 */
import fs from "node:fs";
import path from "node:path";
import type { EngineContext } from "../context";
import type { FunctionConfiguration } from "./types";
import { AwsError, invalidParameter } from "../errors/aws-error";
import { ImageError, type ImageReasonCode } from "../images/errors";
import { isEcrHost, parseImageUri } from "../images/image-uri";
import { resolveImageLaunch, type FunctionImageConfig, type ImageLaunch } from "../images/launch";
import type { EngineRegistry } from "../images/local-registry";
import { pullImage, type ImageRuntimeConfig } from "../images/pull";
import { registryPortFromEnv } from "../images/registry";
import type { RegistryAccess } from "../images/registry-trust";

export type ImageCode = NonNullable<FunctionConfiguration["ImageCode"]>;

const badBody = (detail: string) =>
  new AwsError(
    400,
    "InvalidRequestContentException",
    `Could not parse request body into json: ${detail}`,
    "message",
  );

function stringList(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string"))
    throw badBody(`ImageConfig.${field} must be a list of strings`);
  if (v.length > 1500) throw invalidParameter(`ImageConfig.${field} can have at most 1500 items.`);
  return v as string[];
}

/** ImageConfig from a request body (CreateFunction, UpdateFunctionConfiguration), or undefined. */
export function parseImageConfigInput(
  body: Record<string, unknown>,
): FunctionImageConfig | undefined {
  const raw = body.ImageConfig;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "object" || Array.isArray(raw)) throw badBody("ImageConfig must be an object");
  const o = raw as Record<string, unknown>;
  const wd = o.WorkingDirectory;
  if (wd !== undefined && wd !== null && (typeof wd !== "string" || wd.length > 1000))
    throw invalidParameter(
      "ImageConfig.WorkingDirectory must be a string of at most 1000 characters.",
    );
  const ic: FunctionImageConfig = {};
  const ep = stringList(o.EntryPoint, "EntryPoint");
  const cmd = stringList(o.Command, "Command");
  if (ep) ic.EntryPoint = ep;
  if (cmd) ic.Command = cmd;
  if (typeof wd === "string" && wd !== "") ic.WorkingDirectory = wd;
  return ic;
}

/** Configuration.ImageConfigResponse as AWS shows it (absent fields stay absent). */
export function imageConfigResponse(
  ic: FunctionImageConfig | undefined,
): FunctionConfiguration["ImageConfigResponse"] {
  return ic && Object.keys(ic).length > 0 ? { ImageConfig: ic } : undefined;
}

/** Validates an ImageUri as the API takes it; ECR URIs are mapped to the local registry later. */
export function acceptImageUri(uri: unknown): ImageCode {
  if (typeof uri !== "string")
    throw invalidParameter("Please provide a valid ImageUri for functions with PackageType Image.");
  const ref = parseImageUri(uri, "127.0.0.1:5000");
  if ("error" in ref) throw invalidParameter(ref.error);
  return { ImageUri: uri };
}

/**
 * host:port the engine's local registry listens on (ECR URIs are pulled from there) and how pulls
 * reach registries: TLS exceptions, and the local registry's credentials.
 */
async function registryForPulls(
  engineRegistry: EngineRegistry,
): Promise<{ host: string | undefined; access: RegistryAccess }> {
  const registry = await engineRegistry.ready();
  return {
    host: registry?.host,
    access: { ...engineRegistry.access, ...(registry ? { authFile: registry.authFile } : {}) },
  };
}

export type ImageSettlement =
  | { ok: true; codeHex: string; code: ImageCode; CodeSha256: string }
  | { ok: false; reasonCode: ImageReasonCode; reason: string };

/**
 * Pulls and unpacks a version's image (the Pending / InProgress work). Success gives the digest
 * as CodeSha256 (hex, as AWS shows it for images) and ResolvedImageUri; failure gives the
 * StateReasonCode and StateReason to put on the function.
 */
export async function settleFunctionImage(
  ctx: EngineContext,
  registry: EngineRegistry,
  config: FunctionConfiguration,
): Promise<ImageSettlement> {
  const uri = config.ImageCode?.ImageUri;
  if (!uri)
    return { ok: false, reasonCode: "InvalidImage", reason: "The function has no ImageUri." };
  const { host: running, access } = await registryForPulls(registry);
  if (!running && isEcrHost(uri.split("/")[0] ?? "")) {
    const why = registry.problem() ?? "the local registry is not running";
    return {
      ok: false,
      reasonCode: "ImageAccessDenied",
      reason: `The image ${uri} cannot be pulled: ECR images are served by the engine's local registry, and ${why}.`,
    };
  }
  const localRegistry = running ?? `127.0.0.1:${registryPortFromEnv() ?? 5000}`;
  try {
    const image = await pullImage(ctx, uri, {
      ...access,
      localRegistry,
      architecture: config.Architectures[0] ?? "x86_64",
    });
    const hex = image.digest.slice("sha256:".length);
    return {
      ok: true,
      codeHex: hex,
      CodeSha256: hex,
      code: { ImageUri: uri, ResolvedImageUri: image.resolvedImageUri },
    };
  } catch (e) {
    if (!(e instanceof ImageError)) throw e;
    const problem = registry.problem();
    const reason =
      problem && e.code === "ImageAccessDenied" && e.reason.includes(localRegistry)
        ? `${e.reason} Note: ${problem}.`
        : e.reason;
    if (e.detail) console.warn(`[engine] image ${uri}: ${e.detail.trim().slice(-500)}`);
    return { ok: false, reasonCode: e.code, reason };
  }
}

/** The unpacked bundle of a digest, when it is in the cache (synchronous: the resolver's hot path). */
function findUnpacked(
  ctx: EngineContext,
  hex: string,
): { rootfsDir: string; config: ImageRuntimeConfig } | undefined {
  const bundle = path.join(ctx.config.dataDir, "images", "rootfs", hex);
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(bundle, "lambda-image.json"), "utf8")) as {
      config: ImageRuntimeConfig;
    };
    return { rootfsDir: path.join(bundle, "rootfs"), config: meta.config };
  } catch {
    return undefined;
  }
}

/** How to run a settled image version, or undefined when its rootfs is not (or no longer) unpacked. */
export function imageLaunchFor(
  ctx: EngineContext,
  config: FunctionConfiguration,
): ImageLaunch | undefined {
  if (config.PackageType !== "Image" || !/^[a-f0-9]{64}$/.test(config.CodeSha256)) return undefined;
  const image = findUnpacked(ctx, config.CodeSha256);
  return image && resolveImageLaunch(image, config.ImageConfigResponse?.ImageConfig);
}

/** GetFunction's Code for an image version. */
export function imageCodeLocation(config: FunctionConfiguration): {
  RepositoryType: "ECR";
  ImageUri: string;
  ResolvedImageUri?: string;
} {
  return {
    RepositoryType: "ECR",
    ImageUri: config.ImageCode?.ImageUri ?? "",
    ...(config.ImageCode?.ResolvedImageUri
      ? { ResolvedImageUri: config.ImageCode.ResolvedImageUri }
      : {}),
  };
}

/**
 * At engine start: an Active image version whose rootfs left the cache is pulled again by its
 * digest, so it runs again without a redeploy. Failures are logged; the version stays as it was.
 */
export async function restoreFunctionImage(
  ctx: EngineContext,
  registry: EngineRegistry,
  config: FunctionConfiguration,
): Promise<void> {
  if (imageLaunchFor(ctx, config)) return;
  const uri = config.ImageCode?.ResolvedImageUri ?? config.ImageCode?.ImageUri;
  if (!uri) return;
  const { host: running, access } = await registryForPulls(registry);
  try {
    await pullImage(ctx, uri, {
      ...access,
      localRegistry: running ?? `127.0.0.1:${registryPortFromEnv() ?? 5000}`,
      architecture: config.Architectures[0] ?? "x86_64",
    });
  } catch (e) {
    console.error(
      `[engine] restoring the image of ${config.FunctionName} failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
