import type { FunctionSummary } from "@/lib/aws/types";

/** A list row: ListFunctions' summary plus what GetFunction adds once it has loaded. */
export interface FunctionRow extends FunctionSummary {
  /** undefined while loading; null when unreserved. */
  reservedConcurrency?: number | null;
  tags?: Record<string, string>;
  /** Throttled invocations in the last hour; 0 or undefined shows no badge. */
  throttles?: number;
}

const SORTABLE_COLUMNS = [
  "name",
  "runtime",
  "memory",
  "timeout",
  "lastModified",
  "reserved",
  "state",
] as const;
export type SortColumn = (typeof SORTABLE_COLUMNS)[number];

/** "memory" ascending, "-memory" descending; anything else falls back to name ascending. */
export function parseSort(value: string): { id: SortColumn; desc: boolean } {
  const desc = value.startsWith("-");
  const id = desc ? value.slice(1) : value;
  return (SORTABLE_COLUMNS as readonly string[]).includes(id)
    ? { id: id as SortColumn, desc }
    : { id: "name", desc: false };
}

export function formatSort(s: { id: string; desc: boolean }): string {
  return `${s.desc ? "-" : ""}${s.id}`;
}

/** What the Runtime column shows and sorts by. */
export function runtimeLabel(row: FunctionSummary): string {
  return row.packageType === "Image" ? "Container image" : (row.runtime ?? "—");
}

/**
 * Search as you type: every whitespace-separated term must appear (case-insensitive) in the name,
 * description, runtime, or a tag key or value ("key=value" matches that tag exactly).
 */
export function matchesQuery(row: FunctionRow, query: string): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const tags = Object.entries(row.tags ?? {});
  const haystack = [row.name, row.description, runtimeLabel(row), ...tags.flat()]
    .join("\n")
    .toLowerCase();
  return terms.every((term) => {
    const eq = term.indexOf("=");
    if (eq > 0) {
      const key = term.slice(0, eq);
      const value = term.slice(eq + 1);
      return tags.some(([k, v]) => k.toLowerCase() === key && v.toLowerCase() === value);
    }
    return haystack.includes(term);
  });
}

export function filterRows(rows: readonly FunctionRow[], query: string): FunctionRow[] {
  return query.trim() === "" ? [...rows] : rows.filter((r) => matchesQuery(r, query));
}

/** A fixed, unambiguous format so server and browser render the same text. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso || "—";
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}
