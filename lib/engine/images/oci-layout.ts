import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { z } from "zod";

/**
 * The OCI / Docker v2 documents the engine reads, validated so a malformed image is refused.
 * Built on first use, with zod loaded then (issue 18): this is the engine's only zod module, and
 * a start that pulls no image pays for neither.
 */
function buildSchemas(zod: typeof z) {
  const descriptor = zod.object({
    mediaType: zod.string().optional(),
    digest: zod.string().regex(/^sha256:[a-f0-9]{64}$/),
    size: zod.number().int().nonnegative(),
    platform: zod.object({ architecture: zod.string(), os: zod.string() }).partial().optional(),
    annotations: zod.record(zod.string(), zod.string()).optional(),
  });
  const index = zod.object({
    schemaVersion: zod.literal(2),
    mediaType: zod.string().optional(),
    manifests: zod.array(descriptor),
  });
  const manifest = zod.object({
    schemaVersion: zod.literal(2),
    mediaType: zod.string().optional(),
    config: descriptor,
    layers: zod.array(descriptor),
  });
  const imageConfig = zod.object({
    architecture: zod.string().optional(),
    os: zod.string().optional(),
    config: zod
      .object({
        Entrypoint: zod.array(zod.string()).nullish(),
        Cmd: zod.array(zod.string()).nullish(),
        WorkingDir: zod.string().nullish(),
        Env: zod.array(zod.string()).nullish(),
      })
      .nullish(),
    rootfs: zod.object({ type: zod.string(), diff_ids: zod.array(zod.string()) }),
  });
  return { descriptor, index, manifest, imageConfig };
}

type Schemas = ReturnType<typeof buildSchemas>;
let built: Schemas | undefined;
function schemas(): Schemas {
  built ??= buildSchemas((createRequire(import.meta.url)("zod") as { z: typeof z }).z);
  return built;
}

export type Descriptor = z.infer<Schemas["descriptor"]>;
export type ImageManifest = z.infer<Schemas["manifest"]>;
export type ImageConfigBlob = z.infer<Schemas["imageConfig"]>;

export type ParsedManifest =
  { kind: "index"; manifests: Descriptor[] } | { kind: "image"; manifest: ImageManifest };

/** Layer media types umoci can unpack (gzip or plain tar, OCI or Docker spelling). */
export const SUPPORTED_LAYER_TYPES = new Set([
  "application/vnd.oci.image.layer.v1.tar",
  "application/vnd.oci.image.layer.v1.tar+gzip",
  "application/vnd.docker.image.rootfs.diff.tar.gzip",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
]);

/** Parses a raw manifest or index; returns undefined when it is neither. */
export function parseManifest(raw: Buffer): ParsedManifest | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
  const { manifest, index } = schemas();
  const m = manifest.safeParse(doc);
  if (m.success) return { kind: "image", manifest: m.data };
  const i = index.safeParse(doc);
  if (i.success) return { kind: "index", manifests: i.data.manifests };
  return undefined;
}

export function parseImageConfig(raw: Buffer): ImageConfigBlob | undefined {
  try {
    const c = schemas().imageConfig.safeParse(JSON.parse(raw.toString("utf8")));
    return c.success ? c.data : undefined;
  } catch {
    return undefined;
  }
}

export function blobPath(layout: string, digest: string): string {
  return path.join(layout, "blobs", "sha256", digest.slice("sha256:".length));
}

/** The manifest descriptor stored under a ref name in an OCI layout's index.json. */
export function findRef(layout: string, ref: string): Descriptor | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(layout, "index.json"), "utf8"));
  } catch {
    return undefined;
  }
  const i = schemas().index.safeParse(doc);
  if (!i.success) return undefined;
  return i.data.manifests.find((d) => d.annotations?.["org.opencontainers.image.ref.name"] === ref);
}

/** Lambda's x86_64 / arm64 in OCI platform spelling. */
export function ociArchitecture(arch: "x86_64" | "arm64"): string {
  return arch === "arm64" ? "arm64" : "amd64";
}
