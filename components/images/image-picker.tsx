"use client";

import { controlClass } from "@/components/ui/field";
import type { AwsErrorInfo } from "@/lib/aws/errors";
import type { ImageCatalog } from "@/lib/aws/images-types";

export type CatalogResult = { ok: true; data: ImageCatalog } | { ok: false; error: AwsErrorInfo };

/** Splits a URI the picker built back into its repository and tag, to keep the selects in step. */
function selection(catalog: ImageCatalog | undefined, uri: string) {
  for (const repo of catalog?.repositories ?? []) {
    if (!uri.startsWith(`${repo.uri}:`) && !uri.startsWith(`${repo.uri}@`)) continue;
    const rest = uri.slice(repo.uri.length + 1);
    const tag = repo.tags.find((t) => t.tag === rest || t.digest === rest);
    return { repo: repo.name, tag: tag?.tag ?? "" };
  }
  return { repo: "", tag: "" };
}

/**
 * Repository + tag from the target's registry (the local registry, or ECR on AWS), or a pasted
 * URI: both edit the same ImageUri value.
 */
export function ImagePicker({
  catalog,
  value,
  onChange,
  invalid,
  id = "imageUri",
}: {
  catalog: CatalogResult;
  value: string;
  onChange: (uri: string) => void;
  invalid?: boolean;
  id?: string;
}) {
  const data = catalog.ok ? catalog.data : undefined;
  const picked = selection(data, value);
  const repo = data?.repositories.find((r) => r.name === picked.repo);
  return (
    <div className="space-y-2">
      {data && data.repositories.length > 0 ? (
        <div className="grid grid-cols-2 gap-2">
          <div>
            <label htmlFor={`${id}-repository`} className="block text-xs text-zinc-500">
              Repository ({data.label})
            </label>
            <select
              id={`${id}-repository`}
              className={controlClass}
              value={picked.repo}
              onChange={(e) => {
                const r = data.repositories.find((x) => x.name === e.target.value);
                const first = r?.tags[0];
                onChange(r && first ? `${r.uri}:${first.tag}` : "");
              }}
            >
              <option value="">Choose…</option>
              {data.repositories.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-tag`} className="block text-xs text-zinc-500">
              Tag
            </label>
            <select
              id={`${id}-tag`}
              className={controlClass}
              value={picked.tag}
              disabled={!repo}
              onChange={(e) => repo && onChange(`${repo.uri}:${e.target.value}`)}
            >
              <option value="">Choose…</option>
              {repo?.tags.map((t) => (
                <option key={t.tag} value={t.tag}>
                  {t.tag}
                  {t.digest ? ` (${t.digest.slice(7, 19)})` : ""}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : (
        <p className="text-xs text-zinc-500">
          {catalog.ok
            ? `No images in ${catalog.data.label} yet; upload one on the Images page or paste a URI.`
            : `Cannot list images: ${catalog.error.message} Paste a URI instead.`}
        </p>
      )}
      <input
        id={id}
        name={id}
        className={`${controlClass} font-mono`}
        placeholder="registry/repository:tag or registry/repository@sha256:…"
        value={value}
        aria-invalid={invalid}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
