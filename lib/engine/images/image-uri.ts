/** An ImageUri split into its parts, plus where the engine actually pulls it from. */
export interface ImageRef {
  /** The URI as the user gave it. */
  uri: string;
  /** Registry host (and port) as written in the URI. */
  registry: string;
  repository: string;
  tag?: string;
  /** sha256:<64 hex> when the URI pins a digest. */
  digest?: string;
  /** Registry host:port the engine contacts (differs from `registry` for ECR URIs). */
  pullRegistry: string;
}

const ECR_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const REPO = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST =
  /^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$|^[A-Za-z0-9-]+:\d{1,5}$/;

export function isEcrHost(host: string): boolean {
  return ECR_HOST.test(host);
}

/**
 * Parses `host[:port]/repo[:tag][@sha256:...]`. An ECR URI
 * (`<account>.dkr.ecr.<region>.amazonaws.com/repo:tag`) is pulled from the local registry as
 * `repo:tag`, so the same template deploys locally and on AWS. A missing tag means `latest`.
 * Returns an error message instead of throwing, for the control plane's InvalidParameterValue.
 */
export function parseImageUri(uri: string, localRegistry: string): ImageRef | { error: string } {
  const bad = (why: string) => ({ error: `ImageUri "${uri}" is not valid: ${why}` });
  if (uri.length === 0 || uri.length > 1024 || /\s/.test(uri))
    return bad("it must be a non-empty URI without spaces");
  const slash = uri.indexOf("/");
  if (slash <= 0) return bad("it must start with a registry host, e.g. 127.0.0.1:5000/repo:tag");
  const registry = uri.slice(0, slash);
  if (!HOST.test(registry)) return bad(`"${registry}" is not a registry host`);
  let rest = uri.slice(slash + 1);
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return bad("the digest must be sha256:<64 lowercase hex>");
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return bad(`"${tag}" is not a valid tag`);
  }
  if (!REPO.test(rest)) return bad(`"${rest}" is not a valid repository name`);
  if (!tag && !digest) tag = "latest";
  return {
    uri,
    registry,
    repository: rest,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    pullRegistry: isEcrHost(registry) ? localRegistry : registry,
  };
}

/** docker://<pullRegistry>/<repo>:<tag> or @<digest>, for skopeo. */
export function transportRef(ref: ImageRef, digest?: string): string {
  const pin = digest ?? ref.digest;
  return `docker://${ref.pullRegistry}/${ref.repository}${pin ? `@${pin}` : `:${ref.tag ?? "latest"}`}`;
}

/** The ResolvedImageUri AWS reports: the URI's own registry and repository, pinned by digest. */
export function resolvedUri(ref: ImageRef, digest: string): string {
  return `${ref.registry}/${ref.repository}@${digest}`;
}
