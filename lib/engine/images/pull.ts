import fs from "node:fs";
import path from "node:path";
import type { EngineContext } from "../context";
import { ImageError, lastLine } from "./errors";
import { cachePaths, tool, withLayoutLock, type Paths } from "./image-tools";
import { parseImageUri, resolvedUri, transportRef, type ImageRef } from "./image-uri";
import { checkLayer } from "./layer-check";
import {
  blobPath,
  findRef,
  ociArchitecture,
  parseImageConfig,
  parseManifest,
  type ImageConfigBlob,
} from "./oci-layout";
import type { RegistryAccess } from "./registry-trust";
import {
  checkManifest,
  readableFor,
  registryError,
  registryFlags,
  resolveManifest,
} from "./resolve-image";

/** Lambda's limit: 10 GB for the image, all layers unpacked. */
const MAX_IMAGE_BYTES = 10 * 1024 ** 3;

/** What the image says to run, before the function's ImageConfig overrides it. */
export interface ImageRuntimeConfig {
  entryPoint: string[];
  command: string[];
  workingDirectory: string;
  /** KEY=value, as in the image config. */
  env: string[];
}

export interface PreparedImage {
  imageUri: string;
  /** <registry>/<repo>@sha256:..., as GetFunction's Code.ResolvedImageUri. */
  resolvedImageUri: string;
  /** sha256:<hex> the tag resolved to (the cache key). */
  digest: string;
  /** umoci bundle: rootfs/ plus config.json (an OCI runtime spec for runc). */
  bundleDir: string;
  rootfsDir: string;
  config: ImageRuntimeConfig;
  /** Unpacked size of all layers (regular files). */
  sizeBytes: number;
  /** True when nothing was downloaded or unpacked. */
  cached: boolean;
}

export interface PullOptions extends RegistryAccess {
  /** host:port that ECR URIs map to; default the engine's local registry. */
  localRegistry: string;
  architecture?: "x86_64" | "arm64";
  /** Test hook: a smaller size limit. */
  maxBytes?: number;
}

/** One pull per digest at a time; concurrent callers share it. */
const inflight = new Map<string, Promise<PreparedImage>>();

const wrongArchitecture = (ref: ImageRef, has: string, wants: string) =>
  new ImageError(
    "InvalidImage",
    `The image ${ref.uri} is built for linux/${has}, but the function's architecture needs linux/${wants}.`,
  );

function readCached(
  p: Paths,
  hex: string,
  ref: ImageRef,
  digest: string,
  arch: string,
): PreparedImage | undefined {
  const bundleDir = path.join(p.rootfs, hex);
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(bundleDir, "lambda-image.json"), "utf8")) as {
      config: ImageRuntimeConfig;
      sizeBytes: number;
      architecture?: string;
    };
    if (meta.architecture && meta.architecture !== arch)
      throw wrongArchitecture(ref, meta.architecture, arch);
    return {
      imageUri: ref.uri,
      resolvedImageUri: resolvedUri(ref, digest),
      digest,
      bundleDir,
      rootfsDir: path.join(bundleDir, "rootfs"),
      config: meta.config,
      sizeBytes: meta.sizeBytes,
      cached: true,
    };
  } catch (e) {
    if (e instanceof ImageError) throw e;
    return undefined;
  }
}

/**
 * The sandbox mounts /proc, /dev and /tmp over a read-only rootfs, so their directories must
 * exist in it; an image where one is a symlink or a file is refused rather than followed.
 */
function prepareMountPoints(rootfs: string, uri: string): void {
  for (const [dir, mode] of [
    ["proc", 0o555],
    ["dev", 0o755],
    ["tmp", 0o1777],
  ] as const) {
    const p = path.join(rootfs, dir);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(p);
    } catch {
      fs.mkdirSync(p, { mode });
      fs.chmodSync(p, mode);
      continue;
    }
    if (!st.isDirectory())
      throw new ImageError(
        "InvalidImage",
        `The image ${uri} cannot be used: its /${dir} is not a directory.`,
      );
  }
}

/** Drops a refused image from the layout so its blobs do not linger in the cache. */
async function forget(p: Paths, hex: string, uri: string): Promise<void> {
  await tool("umoci", ["rm", "--image", `${p.layout}:${hex}`], p, uri).catch(() => undefined);
  await tool("umoci", ["gc", "--layout", p.layout], p, uri).catch(() => undefined);
}

/** umoci unpack into a staging bundle, then the mount points and our metadata file. */
async function unpackInto(
  ref: ImageRef,
  p: Paths,
  hex: string,
  bundle: string,
  c: NonNullable<ImageConfigBlob["config"]>,
  meta: { digest: string; sizeBytes: number; architecture: string },
): Promise<ImageRuntimeConfig> {
  const rootless = process.getuid?.() !== 0 ? ["--rootless"] : [];
  const unpack = await tool(
    "umoci",
    ["unpack", ...rootless, "--image", `${p.layout}:${hex}`, bundle],
    p,
    ref.uri,
  );
  if (unpack.code !== 0)
    throw new ImageError(
      "InvalidImage",
      `The image ${ref.uri} cannot be unpacked: ${lastLine(unpack.stderr)}`,
      unpack.stderr,
    );
  prepareMountPoints(path.join(bundle, "rootfs"), ref.uri);
  const runtime: ImageRuntimeConfig = {
    entryPoint: c.Entrypoint ?? [],
    command: c.Cmd ?? [],
    workingDirectory: c.WorkingDir || "/",
    env: c.Env ?? [],
  };
  fs.writeFileSync(
    path.join(bundle, "lambda-image.json"),
    JSON.stringify({ ...meta, config: runtime }),
  );
  return runtime;
}

async function copyAndUnpack(
  ref: ImageRef,
  p: Paths,
  digest: string,
  arch: string,
  maxBytes: number,
  access: RegistryAccess,
): Promise<PreparedImage> {
  const hex = digest.slice("sha256:".length);
  const manifestDesc = await withLayoutLock(async () => {
    const copy = await tool(
      "skopeo",
      [
        "--insecure-policy",
        "--tmpdir",
        p.tmp,
        "--override-arch",
        arch,
        "--override-os",
        "linux",
        "copy",
        "--quiet",
        ...registryFlags(ref, access, "src"),
        transportRef(ref, digest),
        `oci:${p.layout}:${hex}`,
      ],
      p,
      ref.uri,
      readableFor(access),
    );
    if (copy.code !== 0) throw registryError(ref, copy);
    return findRef(p.layout, hex);
  });
  try {
    if (!manifestDesc)
      throw new ImageError(
        "InternalError",
        `The image ${ref.uri} was copied but cannot be found in the cache.`,
      );
    const manifest = parseManifest(fs.readFileSync(blobPath(p.layout, manifestDesc.digest)));
    if (manifest?.kind !== "image")
      throw new ImageError("InvalidImage", `The image manifest of ${ref.uri} is not valid.`);
    const config = parseImageConfig(
      fs.readFileSync(blobPath(p.layout, manifest.manifest.config.digest)),
    );
    if (!config)
      throw new ImageError("InvalidImage", `The image config of ${ref.uri} is not valid.`);
    if (config.architecture && config.architecture !== arch) {
      throw wrongArchitecture(ref, config.architecture, arch);
    }
    const layers = manifest.manifest.layers;
    if (config.rootfs.diff_ids.length !== layers.length)
      throw new ImageError(
        "InvalidImage",
        `The image config of ${ref.uri} does not match its layers.`,
      );
    let sizeBytes = 0;
    for (const [i, layer] of layers.entries()) {
      const summary = await checkLayer(blobPath(p.layout, layer.digest), {
        budgetBytes: maxBytes - sizeBytes,
        digest: layer.digest,
        imageUri: ref.uri,
      });
      if (summary.diffId !== config.rootfs.diff_ids[i])
        throw new ImageError(
          "InvalidImage",
          `The image ${ref.uri} is corrupt: layer ${layer.digest} does not match the config's diff_id.`,
        );
      sizeBytes += summary.unpackedBytes;
    }
    const staging = fs.mkdtempSync(path.join(p.tmp, `unpack-${hex.slice(0, 12)}-`));
    try {
      const runtime = await unpackInto(
        ref,
        p,
        hex,
        path.join(staging, "bundle"),
        config.config ?? {},
        { digest, sizeBytes, architecture: arch },
      );
      const target = path.join(p.rootfs, hex);
      try {
        fs.renameSync(path.join(staging, "bundle"), target);
      } catch (e) {
        // Another engine process on the same data dir won the race: its bundle is as good as ours.
        if (!fs.existsSync(path.join(target, "lambda-image.json"))) throw e;
      }
      return {
        imageUri: ref.uri,
        resolvedImageUri: resolvedUri(ref, digest),
        digest,
        bundleDir: target,
        rootfsDir: path.join(target, "rootfs"),
        config: runtime,
        sizeBytes,
        cached: false,
      };
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } catch (e) {
    if (e instanceof ImageError && e.code === "InvalidImage")
      await withLayoutLock(() => forget(p, hex, ref.uri));
    throw e;
  }
}

/**
 * Resolves an ImageUri to a digest, copies the image into the OCI layout cache
 * (<dataDir>/images/oci), checks every layer, and unpacks the rootfs once per digest into
 * <dataDir>/images/rootfs/<hex> (staged, then renamed). A URI pinned by digest that is already
 * unpacked needs no registry at all. Failures are ImageErrors with AWS's reason codes.
 */
export async function pullImage(
  ctx: Pick<EngineContext, "config">,
  imageUri: string,
  options: PullOptions,
): Promise<PreparedImage> {
  const parsed = parseImageUri(imageUri, options.localRegistry);
  if ("error" in parsed) throw new ImageError("InvalidImage", parsed.error);
  const p = cachePaths(ctx);
  const arch = ociArchitecture(options.architecture ?? "x86_64");
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  if (parsed.digest) {
    const hit = readCached(p, parsed.digest.slice(7), parsed, parsed.digest, arch);
    if (hit) return hit;
  }
  const { digest, manifest } = await resolveManifest(parsed, p, arch, options);
  const hit = readCached(p, digest.slice(7), parsed, digest, arch);
  if (hit) return hit;
  checkManifest(parsed, manifest, maxBytes);
  const key = `${digest}/${arch}`;
  let job = inflight.get(key);
  if (!job) {
    job = copyAndUnpack(parsed, p, digest, arch, maxBytes, options).finally(() =>
      inflight.delete(key),
    );
    inflight.set(key, job);
  }
  const prepared = await job;
  return { ...prepared, imageUri: parsed.uri, resolvedImageUri: resolvedUri(parsed, digest) };
}
