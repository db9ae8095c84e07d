"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { controlClass } from "@/components/ui/field";

interface Uploaded {
  repository: string;
  tag: string;
  digest: string;
  imageUri: string;
  format: string;
  architecture?: string;
}

const btn =
  "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/**
 * Sends a docker save / podman save / OCI archive to the upload route (the raw file as the body,
 * so nothing buffers it whole), then offers to deploy what was pushed.
 */
export function ImageUpload({ imageFunctions }: { imageFunctions: string[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Uploaded | null>(null);
  const [target, setTarget] = useState(imageFunctions[0] ?? "");

  // Read from the form at submit, not from state: a file chosen before hydration stays chosen.
  const upload = async (form: FormData) => {
    const file = form.get("archive");
    const repository = String(form.get("repository") ?? "");
    const tag = String(form.get("tag") ?? "");
    if (!(file instanceof File) || file.size === 0) return setError("Choose an archive first.");
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const q = new URLSearchParams();
      if (repository.trim()) q.set("repository", repository.trim());
      if (tag.trim()) q.set("tag", tag.trim());
      const res = await fetch(`/images/upload?${q.toString()}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-tar" },
        body: file,
      });
      const body = (await res.json().catch(() => ({}))) as Partial<Uploaded> & { message?: string };
      if (!res.ok || !body.imageUri) {
        setError(body.message ?? `Upload failed (HTTP ${res.status}).`);
        return;
      }
      setDone(body as Uploaded);
      router.refresh();
    } catch {
      setError("The upload was interrupted.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-3">
      <form
        className="grid max-w-3xl grid-cols-3 items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void upload(new FormData(e.currentTarget));
        }}
      >
        <div className="col-span-3">
          <label htmlFor="archive" className="block text-sm font-medium">
            Image archive
          </label>
          <input
            id="archive"
            name="archive"
            type="file"
            accept=".tar,.tar.gz,.tgz,application/x-tar,application/gzip"
            className="text-sm"
          />
          <p className="text-xs text-zinc-500">
            Output of docker save, podman save (docker or OCI format), optionally gzipped; at most
            10 GB.
          </p>
        </div>
        <div>
          <label htmlFor="upload-repository" className="block text-sm font-medium">
            Repository
          </label>
          <input
            id="upload-repository"
            name="repository"
            className={controlClass}
            placeholder="from the archive"
          />
        </div>
        <div>
          <label htmlFor="upload-tag" className="block text-sm font-medium">
            Tag
          </label>
          <input
            id="upload-tag"
            name="tag"
            className={controlClass}
            placeholder="from the archive, else latest"
          />
        </div>
        <button type="submit" className={btn} disabled={busy}>
          {busy ? "Uploading…" : "Upload and push"}
        </button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {done ? (
        <div
          role="status"
          className="space-y-2 rounded-md bg-green-50 p-3 text-sm dark:bg-green-950/40"
        >
          <p>
            Pushed{" "}
            <span className="font-mono" data-testid="pushed-uri">
              {done.imageUri}
            </span>{" "}
            <span className="font-mono text-xs text-zinc-600" data-testid="pushed-digest">
              {done.digest}
            </span>
            {done.architecture ? ` (${done.architecture})` : ""}.
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <Link
              className={btn}
              href={`/functions/new/image?imageUri=${encodeURIComponent(done.imageUri)}`}
            >
              Deploy as new function
            </Link>
            {imageFunctions.length > 0 ? (
              <span className="flex items-center gap-2">
                <label htmlFor="deploy-to" className="text-sm">
                  Deploy to existing function
                </label>
                <select
                  id="deploy-to"
                  className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
                  value={target}
                  onChange={(e) => setTarget(e.target.value)}
                >
                  {imageFunctions.map((f) => (
                    <option key={f}>{f}</option>
                  ))}
                </select>
                <Link
                  className={btn}
                  href={`/functions/${encodeURIComponent(target)}/image?imageUri=${encodeURIComponent(done.imageUri)}`}
                >
                  Open
                </Link>
              </span>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
