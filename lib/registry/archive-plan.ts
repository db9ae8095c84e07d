import crypto from "node:crypto";
import { z } from "zod";
import { ArchiveError, readSmall, resolveMember, type ArchiveScan } from "./archive-scan";

/** A blob to upload: where it is in the archive, and what it must hash to. */
export interface BlobRef {
  member: string;
  digest: string;
  size: number;
}

interface ManifestDoc {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

/** What pushing the archive means: blobs, image manifests (by digest) and the one to tag. */
export interface ArchivePlan {
  format: "oci" | "docker";
  blobs: BlobRef[];
  /** Image manifests of an index, pushed by digest before the index; empty for a single image. */
  children: ManifestDoc[];
  top: ManifestDoc;
  /** From the archive's own name for the image, when it has one. */
  suggested: { repository?: string; tag?: string };
  architecture?: string;
}

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);
const DIGEST = /^sha256:[a-f0-9]{64}$/;

const descriptor = z.object({
  mediaType: z.string().optional(),
  digest: z.string().regex(DIGEST, "a sha256 digest"),
  size: z.number().int().nonnegative(),
  platform: z.object({ architecture: z.string(), os: z.string() }).partial().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
type Descriptor = z.infer<typeof descriptor>;
const imageManifest = z.object({
  mediaType: z.string().optional(),
  config: descriptor,
  layers: z.array(descriptor),
});
const indexDoc = z.object({ mediaType: z.string().optional(), manifests: z.array(descriptor) });
const dockerManifest = z.array(
  z.object({
    Config: z.string(),
    RepoTags: z.array(z.string()).nullable().optional(),
    Layers: z.array(z.string()),
  }),
);
const configDoc = z.object({
  architecture: z.string().optional(),
  rootfs: z.object({ diff_ids: z.array(z.string().regex(DIGEST)) }),
});

const sha256 = (b: Buffer) => `sha256:${crypto.createHash("sha256").update(b).digest("hex")}`;
const blobMember = (digest: string) => `blobs/sha256/${digest.slice("sha256:".length)}`;

function parseJson<T>(raw: Buffer | undefined, schema: z.ZodType<T>, what: string): T {
  if (!raw) throw new ArchiveError(`The archive has no ${what}.`);
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ArchiveError(`The archive's ${what} is not JSON.`);
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) throw new ArchiveError(`The archive's ${what} is not usable.`);
  return parsed.data;
}

/** "docker.io/library/app:v1" → {repository: "app", tag: "v1"}; a bare "v1" is a tag. */
export function splitImageName(name: string | undefined): ArchivePlan["suggested"] {
  if (!name) return {};
  let rest = name.split("@")[0] ?? "";
  const colon = rest.lastIndexOf(":");
  let tag: string | undefined;
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!rest.includes("/") && !rest.includes(".") && tag === undefined) return { tag: rest };
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost"))
    parts.shift();
  if (parts[0] === "library" && parts.length > 1) parts.shift();
  const repository = parts.join("/").toLowerCase();
  return { ...(repository ? { repository } : {}), ...(tag ? { tag } : {}) };
}

/** A blob the archive must hold with that size, else the archive is refused. */
function present(scan: ArchiveScan, member: string, digest: string, size: number): BlobRef {
  const real = resolveMember(scan, member);
  if (real === undefined)
    throw new ArchiveError(`The archive lacks the blob ${digest} its manifest names.`);
  const actual = scan.files.get(real) ?? -1;
  if (actual !== size)
    throw new ArchiveError(`The blob ${digest} is ${actual} bytes, its manifest says ${size}.`);
  return { member: real, digest, size };
}

interface LoadedImage {
  doc: ManifestDoc;
  blobs: BlobRef[];
  architecture?: string;
}

function loadImage(scan: ArchiveScan, d: Descriptor): LoadedImage {
  const bytes = readSmall(scan, blobMember(d.digest));
  if (!bytes) throw new ArchiveError(`The archive lacks the manifest ${d.digest}.`);
  if (sha256(bytes) !== d.digest)
    throw new ArchiveError(`The manifest ${d.digest} does not match its digest.`);
  const m = parseJson(bytes, imageManifest, `manifest ${d.digest}`);
  const blobs = [m.config, ...m.layers].map((b) =>
    present(scan, blobMember(b.digest), b.digest, b.size),
  );
  const config = readSmall(scan, blobMember(m.config.digest));
  const arch = config ? configDoc.partial().safeParse(JSON.parse(config.toString("utf8"))) : null;
  return {
    doc: { bytes, digest: d.digest, mediaType: m.mediaType ?? d.mediaType ?? OCI_MANIFEST },
    blobs,
    ...(arch?.success && arch.data.architecture ? { architecture: arch.data.architecture } : {}),
  };
}

const isIndex = (d: Descriptor, bytes: Buffer | undefined) =>
  (d.mediaType !== undefined && INDEX_TYPES.has(d.mediaType)) ||
  (d.mediaType === undefined && bytes !== undefined && bytes.includes('"manifests"'));

/**
 * OCI layout (oci-layout + index.json + blobs/sha256/…), also what Docker ≥ 25 writes inside
 * `docker save`. An index whose platforms are all present is pushed whole; otherwise the usable
 * image (linux/amd64 first) is.
 */
function planOci(scan: ArchiveScan): ArchivePlan {
  const index = parseJson(readSmall(scan, "index.json"), indexDoc, "index.json");
  const entry = index.manifests[0];
  if (!entry) throw new ArchiveError("The archive's index.json lists no image.");
  const a = entry.annotations ?? {};
  const suggested = splitImageName(
    a["io.containerd.image.name"] ?? a["org.opencontainers.image.ref.name"],
  );
  const bytes = readSmall(scan, blobMember(entry.digest));
  if (!isIndex(entry, bytes)) {
    const image = loadImage(scan, entry);
    return {
      format: "oci",
      blobs: image.blobs,
      children: [],
      top: image.doc,
      suggested,
      ...arch(image),
    };
  }
  if (!bytes || sha256(bytes) !== entry.digest)
    throw new ArchiveError(`The archive lacks the image index ${entry.digest}, or it is corrupt.`);
  const inner = parseJson(bytes, indexDoc, `image index ${entry.digest}`);
  const usable: (LoadedImage & { d: Descriptor })[] = [];
  for (const d of inner.manifests) {
    try {
      usable.push({ ...loadImage(scan, d), d });
    } catch {
      // A platform whose layers docker save left out: skip it.
    }
  }
  if (usable.length === 0) throw new ArchiveError("No image in the archive has all its layers.");
  if (usable.length === inner.manifests.length) {
    return {
      format: "oci",
      blobs: usable.flatMap((u) => u.blobs),
      children: usable.map((u) => u.doc),
      top: { bytes, digest: entry.digest, mediaType: inner.mediaType ?? entry.mediaType ?? "" },
      suggested,
      ...arch(usable.find((u) => u.d.platform?.architecture === "amd64") ?? usable[0]),
    };
  }
  const pick = usable.find((u) => u.d.platform?.architecture === "amd64") ?? usable[0];
  if (!pick) throw new ArchiveError("No image in the archive has all its layers.");
  return {
    format: "oci",
    blobs: pick.blobs,
    children: [],
    top: pick.doc,
    suggested,
    ...arch(pick),
  };
}

const arch = (i: { architecture?: string } | undefined) =>
  i?.architecture ? { architecture: i.architecture } : {};

/**
 * Classic `docker save` (manifest.json + <config>.json + <id>/layer.tar): the layers are plain
 * tars named by their diff ids, so an OCI manifest with uncompressed layers describes them exactly.
 */
function planDocker(scan: ArchiveScan): ArchivePlan {
  const list = parseJson(readSmall(scan, "manifest.json"), dockerManifest, "manifest.json");
  const first = list[0];
  if (!first) throw new ArchiveError("The archive's manifest.json lists no image.");
  const configBytes = readSmall(scan, first.Config);
  const config = parseJson(configBytes, configDoc, `image config ${first.Config}`);
  if (!configBytes) throw new ArchiveError("The archive lacks its image config.");
  if (config.rootfs.diff_ids.length !== first.Layers.length)
    throw new ArchiveError("The image config and manifest.json disagree on the number of layers.");
  const configDigest = sha256(configBytes);
  const layers = first.Layers.map((member, i) => {
    const real = resolveMember(scan, member);
    const size = real === undefined ? -1 : (scan.files.get(real) ?? -1);
    return present(scan, member, config.rootfs.diff_ids[i] ?? "", size);
  });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: configDigest,
        size: configBytes.length,
      },
      layers: layers.map((l) => ({
        mediaType: "application/vnd.oci.image.layer.v1.tar",
        digest: l.digest,
        size: l.size,
      })),
    }),
  );
  const configMember = resolveMember(scan, first.Config) ?? first.Config;
  return {
    format: "docker",
    blobs: [{ member: configMember, digest: configDigest, size: configBytes.length }, ...layers],
    children: [],
    top: { bytes: manifest, digest: sha256(manifest), mediaType: OCI_MANIFEST },
    suggested: splitImageName(first.RepoTags?.[0]),
    ...(config.architecture ? { architecture: config.architecture } : {}),
  };
}

/** Decides how to push what scanArchive found, or says why the archive is not an image. */
export function planArchive(scan: ArchiveScan): ArchivePlan {
  if (scan.files.has("index.json")) return planOci(scan);
  if (scan.files.has("manifest.json")) return planDocker(scan);
  throw new ArchiveError(
    "The archive holds no image manifest: expected `docker save` output (manifest.json) or an OCI archive (index.json).",
  );
}
