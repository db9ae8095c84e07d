import crypto from "node:crypto";
import { Readable } from "node:stream";
import { planArchive, type ArchivePlan, type BlobRef } from "./archive-plan";
import { ArchiveError, chunksOf, readEntries, safeMemberPath, scanArchive } from "./archive-scan";
import { hasBlob, putManifest, uploadBlob, type RegistryEndpoint } from "./client";

export { ArchiveError } from "./archive-scan";

const REPO = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export interface PushArchiveInput {
  /** Path of the archive on this machine (a temp file the upload route wrote). */
  file: string;
  /** The local registry (URL and credentials). */
  registry: RegistryEndpoint;
  /** Taken from the archive's own image name when absent. */
  repository?: string;
  tag?: string;
}

export interface PushedImage {
  repository: string;
  tag: string;
  /** The manifest digest the tag now points to. */
  digest: string;
  format: ArchivePlan["format"];
  architecture?: string;
  /** Blobs sent / blobs the registry already had. */
  uploaded: number;
  skipped: number;
}

/** The repository and tag to push as: the caller's, else the archive's, else refused. */
function nameFor(input: PushArchiveInput, plan: ArchivePlan): { repository: string; tag: string } {
  const repository = input.repository?.trim() || plan.suggested.repository;
  const tag = input.tag?.trim() || plan.suggested.tag || "latest";
  if (!repository)
    throw new ArchiveError("The archive does not name its image: give a repository name.");
  if (!REPO.test(repository))
    throw new ArchiveError(
      `"${repository}" is not a valid repository name (lowercase letters, digits, . _ - and /).`,
    );
  if (!TAG.test(tag))
    throw new ArchiveError(`"${tag}" is not a valid tag (letters, digits, . _ -, at most 128).`);
  return { repository, tag };
}

/** Counts and hashes a blob while it streams to the registry. */
function hashing(source: AsyncIterable<Uint8Array>) {
  const hash = crypto.createHash("sha256");
  let size = 0;
  let digest: string | undefined;
  async function* pass() {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.length;
      yield chunk;
    }
  }
  return {
    stream: Readable.from(pass(), { objectMode: false }),
    digest: () => (digest ??= `sha256:${hash.digest("hex")}`),
    size: () => size,
  };
}

/** Second pass: streams each needed blob from the archive to the registry, checking its digest. */
async function uploadBlobs(
  file: string,
  base: RegistryEndpoint,
  repository: string,
  needed: Map<string, BlobRef>,
): Promise<void> {
  for await (const entry of readEntries(file)) {
    const blob = needed.get(safeMemberPath(entry.header.name));
    const type = entry.header.type ?? "file";
    if (!blob || (type !== "file" && type !== "contiguous-file")) {
      entry.resume();
      continue;
    }
    const h = hashing(chunksOf(entry));
    try {
      await uploadBlob(base, repository, blob.digest, blob.size, h.stream);
    } catch (e) {
      // A body that does not hash to its digest is the archive's fault, not the registry's.
      if (h.size() === blob.size && h.digest() !== blob.digest)
        throw new ArchiveError(
          `The archive is corrupt: ${blob.member} does not match ${blob.digest}.`,
        );
      throw e;
    }
    if (h.digest() !== blob.digest)
      throw new ArchiveError(
        `The archive is corrupt: ${blob.member} does not match ${blob.digest}.`,
      );
    needed.delete(blob.member);
  }
  const missing = [...needed.values()][0];
  if (missing) throw new ArchiveError(`The archive ended before ${missing.member} could be read.`);
}

/**
 * Pushes a `docker save` / `podman save` / OCI archive to a registry: refuses unsafe or unusable
 * archives first, skips blobs the registry has, verifies every blob while streaming it, then
 * PUTs the manifests (an index's children by digest) and tags the image.
 */
export async function pushArchive(input: PushArchiveInput): Promise<PushedImage> {
  const scan = await scanArchive(input.file);
  const plan = planArchive(scan);
  const { repository, tag } = nameFor(input, plan);
  const needed = new Map<string, BlobRef>();
  let skipped = 0;
  const seen = new Set<string>();
  for (const blob of plan.blobs) {
    if (seen.has(blob.digest)) continue;
    seen.add(blob.digest);
    if (await hasBlob(input.registry, repository, blob.digest)) skipped += 1;
    else needed.set(blob.member, blob);
  }
  const uploaded = needed.size;
  if (needed.size > 0) await uploadBlobs(input.file, input.registry, repository, needed);
  for (const child of plan.children)
    await putManifest(input.registry, repository, child.digest, child.bytes, child.mediaType);
  const digest = await putManifest(
    input.registry,
    repository,
    tag,
    plan.top.bytes,
    plan.top.mediaType,
  );
  return {
    repository,
    tag,
    digest,
    format: plan.format,
    ...(plan.architecture ? { architecture: plan.architecture } : {}),
    uploaded,
    skipped,
  };
}
