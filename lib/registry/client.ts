import type { Readable } from "node:stream";

/** Media types a tag's manifest may have; sent as Accept so the registry does not down-convert. */
const MANIFEST_TYPES = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
] as const;

/** A registry answered with an error (or could not be reached); the message is for people. */
export class RegistryError extends Error {
  override readonly name = "RegistryError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A registry to call: its base URL and, for the engine's registry, the Authorization header. */
export interface RegistryEndpoint {
  /** http://127.0.0.1:<port> */
  url: string;
  /** "Basic ...", sent only to `url`'s own origin. */
  authorization?: string;
}

const TIMEOUT_MS = 10_000;

async function call(
  base: RegistryEndpoint,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const url = new URL(path, base.url);
  const headers = new Headers(init.headers);
  // An upload Location pointing at another origin must not receive the credentials.
  if (base.authorization && url.origin === new URL(base.url).origin)
    headers.set("Authorization", base.authorization);
  try {
    return await fetch(url, {
      ...init,
      headers,
      // Uploads of big layers run as long as they need; metadata calls fail fast.
      signal: init.body ? undefined : AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new RegistryError(`Cannot reach the registry at ${base.url}: ${causeOf(e)}`);
  }
}

function causeOf(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = typeof cause === "object" && cause && "code" in cause ? String(cause.code) : "";
  return code || (cause instanceof Error ? cause.message : String(cause));
}

/** The registry's own error text ({"errors":[{code,message}]}), else the status. */
async function failure(res: Response, what: string): Promise<RegistryError> {
  let detail = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { errors?: { code?: string; message?: string }[] };
    const first = body.errors?.[0];
    if (first) detail = [first.code, first.message].filter(Boolean).join(": ");
  } catch {
    // not JSON: keep the status
  }
  return new RegistryError(`${what} failed (${detail})`, res.status);
}

const repoPath = (repo: string) => repo.split("/").map(encodeURIComponent).join("/");

/** Every repository in the registry (follows the catalog's paging). */
export async function listRepositories(base: RegistryEndpoint): Promise<string[]> {
  const out: string[] = [];
  let last: string | undefined;
  for (let page = 0; page < 100; page++) {
    const q = new URLSearchParams({ n: "1000", ...(last ? { last } : {}) });
    const res = await call(base, `/v2/_catalog?${q.toString()}`);
    if (!res.ok) throw await failure(res, "Listing repositories");
    const body = (await res.json()) as { repositories?: string[] | null };
    const repos = body.repositories ?? [];
    out.push(...repos);
    if (repos.length < 1000 || !res.headers.get("link")) break;
    last = repos[repos.length - 1];
  }
  return out;
}

/** A repository's tags, sorted; empty when the repository has none (or no longer exists). */
export async function listTags(base: RegistryEndpoint, repo: string): Promise<string[]> {
  const res = await call(base, `/v2/${repoPath(repo)}/tags/list`);
  if (res.status === 404) return [];
  if (!res.ok) throw await failure(res, `Listing tags of ${repo}`);
  const body = (await res.json()) as { tags?: string[] | null };
  return [...(body.tags ?? [])].sort();
}

/** The manifest digest a tag points to, or undefined when the tag does not exist. */
export async function getTagDigest(
  base: RegistryEndpoint,
  repo: string,
  tag: string,
): Promise<string | undefined> {
  const res = await call(base, `/v2/${repoPath(repo)}/manifests/${encodeURIComponent(tag)}`, {
    method: "HEAD",
    headers: { Accept: MANIFEST_TYPES.join(", ") },
  });
  if (res.status === 404) return undefined;
  if (!res.ok) throw await failure(res, `Reading ${repo}:${tag}`);
  return res.headers.get("docker-content-digest") ?? undefined;
}

/** True when the repository already holds the blob (so a push can skip it). */
export async function hasBlob(
  base: RegistryEndpoint,
  repo: string,
  digest: string,
): Promise<boolean> {
  const res = await call(base, `/v2/${repoPath(repo)}/blobs/${digest}`, { method: "HEAD" });
  return res.ok;
}

/**
 * Monolithic upload: POST opens an upload session, PUT ?digest= sends the body and commits it.
 * The registry checks the digest itself and refuses a mismatch.
 */
export async function uploadBlob(
  base: RegistryEndpoint,
  repo: string,
  digest: string,
  size: number,
  body: Readable,
): Promise<void> {
  const start = await call(base, `/v2/${repoPath(repo)}/blobs/uploads/`, { method: "POST" });
  if (start.status !== 202) throw await failure(start, `Starting the upload of ${digest}`);
  const location = start.headers.get("location");
  if (!location) throw new RegistryError("The registry did not say where to upload");
  const url = new URL(location, base.url);
  url.searchParams.set("digest", digest);
  // Node's fetch streams an async iterable body; `duplex` is required for streamed bodies.
  const init = {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(size) },
    body: body as unknown as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit;
  const res = await call(base, url.toString(), init);
  if (res.status !== 201) throw await failure(res, `Uploading ${digest}`);
}

/** PUTs a manifest under a tag (or digest); returns the digest the registry computed. */
export async function putManifest(
  base: RegistryEndpoint,
  repo: string,
  reference: string,
  manifest: Buffer,
  mediaType: string,
): Promise<string> {
  const res = await call(base, `/v2/${repoPath(repo)}/manifests/${encodeURIComponent(reference)}`, {
    method: "PUT",
    headers: { "Content-Type": mediaType },
    body: new Uint8Array(manifest),
  });
  if (res.status !== 201) throw await failure(res, `Storing the manifest of ${repo}:${reference}`);
  const digest = res.headers.get("docker-content-digest");
  if (!digest) throw new RegistryError("The registry did not return the manifest digest");
  return digest;
}
