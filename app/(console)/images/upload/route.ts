import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { recordAudit } from "@/lib/auth/console-stores";
import { defineRoute } from "@/lib/auth/define-route";
import { LOCAL_TARGET_ID } from "@/lib/targets/local-target";
import { RegistryError } from "@/lib/registry/client";
import { findLocalRegistry } from "@/lib/registry/local";
import { MAX_ARCHIVE_BYTES } from "@/lib/registry/archive-scan";
import { ArchiveError, pushArchive } from "@/lib/registry/push-archive";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The archive may be gzipped: allow a little over 10 GB of content for the tar headers. */
const MAX_UPLOAD_BYTES = MAX_ARCHIVE_BYTES + 64 * 1024 * 1024;

export interface UploadResponse {
  repository: string;
  tag: string;
  digest: string;
  imageUri: string;
  format: "oci" | "docker";
  architecture?: string;
}

const fail = (status: number, message: string) => Response.json({ message }, { status });

class TooLarge extends Error {}

/** Copies the request body to `file`, refusing more than the limit as it streams. */
async function saveBody(body: ReadableStream<Uint8Array>, file: string): Promise<number> {
  let size = 0;
  await pipeline(
    Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > MAX_UPLOAD_BYTES) throw new TooLarge();
        yield chunk;
      }
    },
    fs.createWriteStream(file, { mode: 0o600 }),
  );
  return size;
}

/**
 * POST an image archive (the raw file as the body; ?repository=&tag= name it) → pushed to the
 * local registry. The session and functions.write are checked before a byte is read; the body
 * goes to a temp dir under os.tmpdir() (never the data dir) and is removed afterwards.
 */
export const POST = defineRoute({
  permission: "functions.write",
  // The upload goes to the local engine's registry: the role checked is the one on "local".
  target: LOCAL_TARGET_ID,
  run: async (request, { session }) => {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_UPLOAD_BYTES) return fail(413, "The archive is over 10 GB, Lambda's limit.");
    if (!request.body) return fail(400, "Send the archive as the request body.");
    const found = findLocalRegistry();
    if (!found.ok) return fail(503, found.message);
    const params = new URL(request.url).searchParams;
    const repository = params.get("repository")?.trim() || undefined;
    const tag = params.get("tag")?.trim() || undefined;

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-console-upload-"));
    const audit = (result: "ok" | "error", resource: string | null, message: string | null) =>
      recordAudit({
        actor: session.user.id,
        actorName: session.user.name,
        role: session.role,
        action: "images.upload",
        target: "local",
        resource,
        result,
        message,
      });
    try {
      const file = path.join(dir, "archive.tar");
      try {
        await saveBody(request.body, file);
      } catch (e) {
        if (e instanceof TooLarge) return fail(413, "The archive is over 10 GB, Lambda's limit.");
        return fail(400, "The upload was interrupted.");
      }
      const pushed = await pushArchive({
        file,
        registry: found.registry,
        ...(repository ? { repository } : {}),
        ...(tag ? { tag } : {}),
      });
      const imageUri = `${found.registry.host}/${pushed.repository}:${pushed.tag}`;
      audit("ok", imageUri, null);
      const body: UploadResponse = {
        repository: pushed.repository,
        tag: pushed.tag,
        digest: pushed.digest,
        imageUri,
        format: pushed.format,
        ...(pushed.architecture ? { architecture: pushed.architecture } : {}),
      };
      return Response.json(body);
    } catch (e) {
      if (e instanceof ArchiveError) {
        audit("error", repository ?? null, e.message);
        return fail(400, e.message);
      }
      if (e instanceof RegistryError) {
        audit("error", repository ?? null, e.message);
        return fail(502, `The local registry refused the image: ${e.message}`);
      }
      throw e;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});
