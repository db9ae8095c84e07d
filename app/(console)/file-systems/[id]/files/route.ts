import fs from "node:fs";
import { Readable } from "node:stream";
import { recordAudit } from "@/lib/auth/console-stores";
import { defineRoute } from "@/lib/auth/define-route";
import type { AuthorizedSession } from "@/lib/auth/session";
import { resolveDataDir } from "@/lib/data-dir";
import {
  FileBrowserError,
  fileSystemRoot,
  openFile,
  writeNewFile,
} from "@/lib/file-browser/safe-fs";
import { getCurrentTarget } from "@/lib/targets/current-target";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Uploads through the browser: Lambda's own /tmp tops out at 10 GB; 1 GB is plenty here. */
const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

const fail = (status: number, message: string) => Response.json({ message }, { status });

/** The file browser reads and writes the local engine's data dir: other targets have none. */
async function refuseRemoteTarget(): Promise<Response | null> {
  const { current } = await getCurrentTarget();
  return current.kind === "local"
    ? null
    : fail(400, "The file browser works on the local engine's file systems.");
}

function audit(
  session: AuthorizedSession,
  result: "ok" | "error" | "refused",
  resource: string,
  message: string | null,
) {
  recordAudit({
    actor: session.user.id,
    actorName: session.user.name,
    role: session.role,
    action: "file-systems.upload",
    target: "local",
    resource,
    result,
    message,
  });
}

/** GET ?path=/dir/file → the file, as a download (functions.read). */
export const GET = defineRoute<{ id: string }>({
  permission: "functions.read",
  run: async (request, { params: { id } }) => {
    const refused = await refuseRemoteTarget();
    if (refused) return refused;
    const file = new URL(request.url).searchParams.get("path") ?? "";
    try {
      const root = fileSystemRoot(resolveDataDir(process.env), id);
      const opened = openFile(root, file);
      const stream = fs.createReadStream("", { fd: opened.fd, autoClose: true });
      return new Response(Readable.toWeb(stream) as ReadableStream, {
        headers: {
          "content-type": "application/octet-stream",
          "content-length": String(opened.size),
          "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(opened.name)}`,
          "x-content-type-options": "nosniff",
        },
      });
    } catch (err) {
      if (err instanceof FileBrowserError) return fail(err.status, err.message);
      throw err;
    }
  },
});

/** POST ?dir=/folder&name=file.txt with the file as the body → a new file (functions.write). */
export const POST = defineRoute<{ id: string }>({
  permission: "functions.write",
  run: async (request, { session, params: { id } }) => {
    const search = new URL(request.url).searchParams;
    const dir = search.get("dir") ?? "/";
    const name = search.get("name") ?? "";
    const resource = `${id}:${dir.replace(/\/$/, "")}/${name}`;
    const refused = await refuseRemoteTarget();
    if (refused) {
      audit(session, "refused", resource, "not allowed");
      return refused;
    }
    if (Number(request.headers.get("content-length") ?? "0") > MAX_UPLOAD_BYTES)
      return fail(413, "The file is over 1 GB.");
    if (!request.body) return fail(400, "Send the file as the request body.");
    try {
      const root = fileSystemRoot(resolveDataDir(process.env), id);
      const body = Readable.fromWeb(request.body as Parameters<typeof Readable.fromWeb>[0]);
      const size = await writeNewFile(root, dir, name, body, MAX_UPLOAD_BYTES);
      audit(session, "ok", resource, null);
      return Response.json({ name, size });
    } catch (err) {
      if (err instanceof FileBrowserError) {
        audit(session, "error", resource, err.message);
        return fail(err.status, err.message);
      }
      throw err;
    }
  },
});
