"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { Entry } from "@/lib/file-browser/safe-fs";
import { deleteEntryAction, makeFolderAction } from "@/app/(console)/file-systems/actions";
import { btn, fieldClass } from "@/components/function-page/action-form";
import { DeleteButton } from "./delete-button";

const join = (dir: string, name: string) => `${dir === "/" ? "" : dir}/${name}`;

/** One folder of a local file system: browse, download; with functions.write, upload, make, delete. */
export function FileBrowser({
  fileSystemId,
  dir,
  entries,
  canWrite,
}: {
  fileSystemId: string;
  dir: string;
  entries: Entry[];
  canWrite: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const base = `/file-systems/${fileSystemId}`;
  const crumbs = dir.split("/").filter(Boolean);
  const report = (ok: boolean, text: string) => {
    setNote({ ok, text });
    if (ok) router.refresh();
  };

  return (
    <div className="space-y-3">
      <nav aria-label="Folder" className="text-sm">
        <Link href={base} className="text-blue-700 hover:underline dark:text-blue-400">
          {fileSystemId}
        </Link>
        {crumbs.map((c, i) => (
          <span key={i}>
            {" / "}
            <Link
              href={`${base}?path=${encodeURIComponent("/" + crumbs.slice(0, i + 1).join("/"))}`}
              className="text-blue-700 hover:underline dark:text-blue-400"
            >
              {c}
            </Link>
          </span>
        ))}
      </nav>
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-1">Name</th>
            <th>Size</th>
            <th>Owner</th>
            <th>Mode</th>
            <th>Modified</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colSpan={6} className="py-2 text-zinc-500">
                This folder is empty.
              </td>
            </tr>
          ) : null}
          {entries.map((e) => (
            <tr
              key={e.name}
              className="border-t border-zinc-100 dark:border-zinc-800"
              data-entry={e.name}
            >
              <td className="py-1">
                {e.type === "directory" ? (
                  <Link
                    href={`${base}?path=${encodeURIComponent(join(dir, e.name))}`}
                    className="text-blue-700 hover:underline dark:text-blue-400"
                  >
                    {e.name}/
                  </Link>
                ) : e.type === "file" ? (
                  <a
                    href={`${base}/files?path=${encodeURIComponent(join(dir, e.name))}`}
                    className="text-blue-700 hover:underline dark:text-blue-400"
                    download={e.name}
                  >
                    {e.name}
                  </a>
                ) : (
                  <span title="Symbolic links and special files are shown, never followed">
                    {e.name} <span className="text-xs text-zinc-500">({e.type})</span>
                  </span>
                )}
              </td>
              <td>{e.type === "file" ? e.size.toLocaleString("en-US") : ""}</td>
              <td>
                {e.uid}:{e.gid}
              </td>
              <td className="font-mono text-xs">{e.mode}</td>
              <td className="text-xs">{e.modified.replace("T", " ").slice(0, 19)}</td>
              <td className="text-right">
                {canWrite ? (
                  <DeleteButton
                    action={deleteEntryAction}
                    input={{ fileSystemId, dir, name: e.name }}
                    label={`Delete ${e.name}`}
                    confirmText={`Delete ${join(dir, e.name)}${e.type === "directory" ? " and everything in it" : ""}?`}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canWrite ? (
        <div className="flex flex-wrap items-end gap-6">
          <form
            className="flex items-end gap-2"
            onSubmit={(ev) => {
              ev.preventDefault();
              const form = ev.currentTarget;
              const name = String(new FormData(form).get("folder") ?? "");
              start(async () => {
                const r = await makeFolderAction({ fileSystemId, dir, name });
                report(r.ok, r.ok ? `Created folder ${name}.` : r.message);
                if (r.ok) form.reset();
              });
            }}
          >
            <label className="grid gap-1 text-sm">
              New folder
              <input name="folder" className={fieldClass} required />
            </label>
            <button type="submit" className={btn} disabled={pending}>
              Create folder
            </button>
          </form>
          <form
            className="flex items-end gap-2"
            onSubmit={(ev) => {
              ev.preventDefault();
              const file = fileRef.current?.files?.[0];
              if (!file) return;
              start(async () => {
                const url = `${base}/files?dir=${encodeURIComponent(dir)}&name=${encodeURIComponent(file.name)}`;
                const res = await fetch(url, { method: "POST", body: file });
                const body = (await res.json().catch(() => ({}))) as { message?: string };
                report(
                  res.ok,
                  res.ok ? `Uploaded ${file.name}.` : (body.message ?? "Upload failed."),
                );
                if (res.ok && fileRef.current) fileRef.current.value = "";
              });
            }}
          >
            <label className="grid gap-1 text-sm">
              Upload a file
              <input ref={fileRef} type="file" name="file" className="text-sm" required />
            </label>
            <button type="submit" className={btn} disabled={pending}>
              Upload
            </button>
          </form>
        </div>
      ) : (
        <p className="text-xs text-zinc-500">
          Your role can browse and download; changes need functions.write.
        </p>
      )}
      {note ? (
        <p
          role={note.ok ? "status" : "alert"}
          className={`text-sm ${note.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
        >
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
