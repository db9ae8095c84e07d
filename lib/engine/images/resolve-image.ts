import crypto from "node:crypto";
import fs from "node:fs";
import { ImageError, lastLine } from "./errors";
import type { ToolResult } from "./exec";
import { tool, type Paths } from "./image-tools";
import { transportRef, type ImageRef } from "./image-uri";
import { parseManifest, SUPPORTED_LAYER_TYPES, type ImageManifest } from "./oci-layout";
import { isTlsFailure, verifiesTls, type RegistryAccess } from "./registry-trust";

/**
 * skopeo's message without the image's own names: a port, repository or digest can hold "404" or
 * "denied" and must not decide the reason code.
 */
function withoutNames(ref: ImageRef, msg: string): string {
  const names = [ref.uri, ref.pullRegistry, ref.registry, ref.repository, ref.digest ?? ""];
  return names
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .reduce((text, name) => text.replaceAll(name, "<image>"), msg)
    .replace(/sha256:[0-9a-f]+/g, "<digest>");
}

/** Maps skopeo's failure text to AWS's reason codes. */
export function registryError(ref: ImageRef, res: ToolResult): ImageError {
  const msg = lastLine(res.stderr);
  const text = withoutNames(ref, msg);
  if (isTlsFailure(text)) {
    return new ImageError(
      "ImageAccessDenied",
      `The registry ${ref.pullRegistry} holding ${ref.uri} does not offer HTTPS with a certificate this engine trusts (${msg}). Registries other than loopback ones are reached over verified TLS; an operator can list it in LAMBDA_ENGINE_INSECURE_REGISTRIES to allow plain HTTP or an untrusted certificate.`,
      msg,
    );
  }
  if (/manifest unknown|name unknown|not found|\b404 /i.test(text)) {
    return new ImageError(
      "ImageDeleted",
      `The image ${ref.uri} does not exist in ${ref.pullRegistry}: the repository or tag was deleted or never pushed.`,
      msg,
    );
  }
  if (/unauthori[sz]ed|denied|forbidden|authentication required|\b40[13] /i.test(text)) {
    return new ImageError(
      "ImageAccessDenied",
      `Access to the image ${ref.uri} was denied by ${ref.pullRegistry}.`,
      msg,
    );
  }
  if (
    /connection refused|no such host|timeout|timed out|i\/o|EOF|pinging container registry/i.test(
      text,
    )
  ) {
    return new ImageError(
      "ImageAccessDenied",
      `The registry ${ref.pullRegistry} holding ${ref.uri} cannot be reached (${msg}).`,
      msg,
    );
  }
  return new ImageError("InvalidImage", `The image ${ref.uri} cannot be read: ${msg}`, msg);
}

/**
 * skopeo's flags for reaching the registry of `ref`: TLS verification as registry-trust decides,
 * and the local registry's auth file (a file, not --creds: argv is world-readable in /proc).
 */
export function registryFlags(
  ref: ImageRef,
  access: RegistryAccess,
  side: "src" | "both",
): string[] {
  const prefix = side === "src" ? "--src-" : "--";
  const verify = verifiesTls(ref.pullRegistry, access);
  // Explicit in both cases: a registries.conf entry must not turn verification off.
  return [
    `${prefix}tls-verify=${verify}`,
    ...(access.authFile ? [`${prefix}authfile`, access.authFile] : []),
  ];
}

/** Files skopeo must see inside its confinement for `access`. */
export function readableFor(access: RegistryAccess): string[] {
  return access.authFile && fs.existsSync(access.authFile) ? [access.authFile] : [];
}

async function inspectRaw(
  ref: ImageRef,
  p: Paths,
  access: RegistryAccess,
  digest?: string,
): Promise<Buffer> {
  const args = [
    "--insecure-policy",
    "--tmpdir",
    p.tmp,
    "--command-timeout",
    "120s",
    "inspect",
    "--raw",
    ...registryFlags(ref, access, "both"),
    transportRef(ref, digest),
  ];
  const res = await tool("skopeo", args, p, ref.uri, readableFor(access));
  if (res.code !== 0) throw registryError(ref, res);
  return res.stdout;
}

function sha256(buf: Buffer): string {
  return `sha256:${crypto.createHash("sha256").update(buf).digest("hex")}`;
}

/** Resolves the URI to the digest it points at and the platform manifest to check sizes with. */
export async function resolveManifest(
  ref: ImageRef,
  p: Paths,
  arch: string,
  access: RegistryAccess,
): Promise<{ digest: string; manifest: ImageManifest }> {
  const raw = await inspectRaw(ref, p, access);
  const digest = sha256(raw);
  if (ref.digest && ref.digest !== digest)
    throw new ImageError("InvalidImage", `The image ${ref.uri} does not match its digest.`);
  const parsed = parseManifest(raw);
  if (!parsed)
    throw new ImageError(
      "InvalidImage",
      `The image manifest of ${ref.uri} is not an OCI or Docker v2 manifest.`,
    );
  if (parsed.kind === "image") return { digest, manifest: parsed.manifest };
  const entry = parsed.manifests.find(
    (m) => m.platform?.os === "linux" && m.platform.architecture === arch,
  );
  if (!entry)
    throw new ImageError(
      "InvalidImage",
      `The image ${ref.uri} has no linux/${arch} variant for the function's architecture.`,
    );
  const platformRaw = await inspectRaw(ref, p, access, entry.digest);
  const platform = parseManifest(platformRaw);
  if (platform?.kind !== "image")
    throw new ImageError(
      "InvalidImage",
      `The image manifest of ${ref.uri} for linux/${arch} is not valid.`,
    );
  return { digest, manifest: platform.manifest };
}

export function checkManifest(ref: ImageRef, manifest: ImageManifest, maxBytes: number): void {
  const compressed = manifest.layers.reduce((n, l) => n + l.size, manifest.config.size);
  if (compressed > maxBytes) {
    throw new ImageError(
      "InvalidImage",
      `The image ${ref.uri} is ${compressed} bytes compressed, over the 10 GB limit for function images.`,
    );
  }
  const unsupported = manifest.layers.find(
    (l) => l.mediaType !== undefined && !SUPPORTED_LAYER_TYPES.has(l.mediaType),
  );
  if (unsupported)
    throw new ImageError(
      "InvalidImage",
      `The image ${ref.uri} has a layer of unsupported media type ${unsupported.mediaType}.`,
    );
}
