import fs from "node:fs";
import { Readable } from "node:stream";
import { recordAudit } from "@/lib/audit/console-audit";
import type { Permission } from "@/lib/auth/permissions";
import { guardRoute } from "@/lib/auth/route-guard";
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

/** The session, the permission on the current target, and a local target, before any I/O. */
async function guard(
  permission: Permission,
): Promise<{ session: AuthorizedSession } | { refused: Response; session?: AuthorizedSession }> {
  const g = await guardRoute(permission);
  if (!g.ok) return { refused: g.response };
  const { current } = await getCurrentTarget();
  if (current.kind !== "local")
    return {
      session: g.session,
      refused: fail(400, "The file browser works on the local engine's file systems."),
    };
  return { session: g.session };
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
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const g = await guard("functions.read");
  if ("refused" in g) return g.refused;
  const { id } = await params;
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
}

/** POST ?dir=/folder&name=file.txt with the file as the body → a new file (functions.write). */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const g = await guard("functions.write");
  const { id } = await params;
  const search = new URL(request.url).searchParams;
  const dir = search.get("dir") ?? "/";
  const name = search.get("name") ?? "";
  const resource = `${id}:${dir.replace(/\/$/, "")}/${name}`;
  if ("refused" in g) {
    if (g.session) audit(g.session, "refused", resource, "not allowed");
    return g.refused;
  }
  if (Number(request.headers.get("content-length") ?? "0") > MAX_UPLOAD_BYTES)
    return fail(413, "The file is over 1 GB.");
  if (!request.body) return fail(400, "Send the file as the request body.");
  try {
    const root = fileSystemRoot(resolveDataDir(process.env), id);
    const body = Readable.fromWeb(request.body as Parameters<typeof Readable.fromWeb>[0]);
    const size = await writeNewFile(root, dir, name, body, MAX_UPLOAD_BYTES);
    audit(g.session, "ok", resource, null);
    return Response.json({ name, size });
  } catch (err) {
    if (err instanceof FileBrowserError) {
      audit(g.session, "error", resource, err.message);
      return fail(err.status, err.message);
    }
    throw err;
  }
}
