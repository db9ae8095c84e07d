import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/** The OCI / Docker v2 documents the engine reads, validated so a malformed image is refused. */
const descriptor = z.object({
  mediaType: z.string().optional(),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/),
  size: z.number().int().nonnegative(),
  platform: z.object({ architecture: z.string(), os: z.string() }).partial().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type Descriptor = z.infer<typeof descriptor>;

const index = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptor),
});
const manifest = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: descriptor,
  layers: z.array(descriptor),
});
export type ImageManifest = z.infer<typeof manifest>;

const imageConfig = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  config: z
    .object({
      Entrypoint: z.array(z.string()).nullish(),
      Cmd: z.array(z.string()).nullish(),
      WorkingDir: z.string().nullish(),
      Env: z.array(z.string()).nullish(),
    })
    .nullish(),
  rootfs: z.object({ type: z.string(), diff_ids: z.array(z.string()) }),
});
export type ImageConfigBlob = z.infer<typeof imageConfig>;

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
  const m = manifest.safeParse(doc);
  if (m.success) return { kind: "image", manifest: m.data };
  const i = index.safeParse(doc);
  if (i.success) return { kind: "index", manifests: i.data.manifests };
  return undefined;
}

export function parseImageConfig(raw: Buffer): ImageConfigBlob | undefined {
  try {
    const c = imageConfig.safeParse(JSON.parse(raw.toString("utf8")));
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
  const i = index.safeParse(doc);
  if (!i.success) return undefined;
  return i.data.manifests.find((d) => d.annotations?.["org.opencontainers.image.ref.name"] === ref);
}

/** Lambda's x86_64 / arm64 in OCI platform spelling. */
export function ociArchitecture(arch: "x86_64" | "arm64"): string {
  return arch === "arm64" ? "arm64" : "amd64";
}
