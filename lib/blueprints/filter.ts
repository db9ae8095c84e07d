import type { UseCase } from "./use-cases";
import { USE_CASES } from "./use-cases";

/** Runtime families the gallery filters on (a runtime id's prefix). */
export const RUNTIME_FAMILIES = ["nodejs", "python", "provided"] as const;
export type RuntimeFamily = (typeof RUNTIME_FAMILIES)[number];

export const RUNTIME_FAMILY_LABELS: Readonly<Record<RuntimeFamily, string>> = {
  nodejs: "Node.js",
  python: "Python",
  provided: "Custom runtime",
};

export interface GalleryFilter {
  q: string;
  runtime?: RuntimeFamily;
  useCase?: UseCase;
}

type SearchParamValue = string | string[] | undefined;

const first = (v: SearchParamValue): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

/** Reads the gallery's URL state; unknown values are ignored rather than failing the page. */
export function parseGalleryFilter(params: Record<string, SearchParamValue>): GalleryFilter {
  const runtime = first(params.runtime);
  const useCase = first(params.useCase);
  return {
    q: first(params.q).trim().slice(0, 100),
    runtime: RUNTIME_FAMILIES.find((f) => f === runtime),
    useCase: USE_CASES.find((u) => u === useCase),
  };
}

export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  return RUNTIME_FAMILIES.find((f) => runtime.startsWith(f));
}

interface Searchable {
  id: string;
  title: string;
  description: string;
  runtime: string;
  tags: readonly string[];
  useCases: readonly string[];
}

/** Every word of the query must appear in the title, description, id, runtime or a tag. */
export function filterBlueprints<T extends Searchable>(list: readonly T[], f: GalleryFilter): T[] {
  const words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((b) => {
    if (f.runtime && runtimeFamily(b.runtime) !== f.runtime) return false;
    if (f.useCase && !b.useCases.includes(f.useCase)) return false;
    const text = [b.id, b.title, b.description, b.runtime, ...b.tags].join(" ").toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
