import Link from "next/link";
import type { GalleryFilter } from "@/lib/blueprints/filter";
import { RUNTIME_FAMILIES, RUNTIME_FAMILY_LABELS } from "@/lib/blueprints/filter";
import { USE_CASES, USE_CASE_LABELS } from "@/lib/blueprints/use-cases";

const field =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** A plain GET form: the filters live in the URL, so every view is a link and works without JS. */
export function BlueprintFilters({ filter }: { filter: GalleryFilter }) {
  return (
    <form
      method="get"
      action="/blueprints"
      role="search"
      className="mb-4 flex flex-wrap items-end gap-3"
    >
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor="bp-q">Search</label>
        <input
          id="bp-q"
          type="search"
          name="q"
          defaultValue={filter.q}
          placeholder="sqs, webhook, csv…"
          className={`${field} w-64`}
        />
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor="bp-runtime">Runtime</label>
        <select
          id="bp-runtime"
          name="runtime"
          defaultValue={filter.runtime ?? ""}
          className={field}
        >
          <option value="">All runtimes</option>
          {RUNTIME_FAMILIES.map((f) => (
            <option key={f} value={f}>
              {RUNTIME_FAMILY_LABELS[f]}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor="bp-use-case">Use case</label>
        <select
          id="bp-use-case"
          name="useCase"
          defaultValue={filter.useCase ?? ""}
          className={field}
        >
          <option value="">All use cases</option>
          {USE_CASES.map((u) => (
            <option key={u} value={u}>
              {USE_CASE_LABELS[u]}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium dark:border-zinc-700"
      >
        Apply
      </button>
      {filter.q || filter.runtime || filter.useCase ? (
        <Link href="/blueprints" className="py-1.5 text-sm underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
