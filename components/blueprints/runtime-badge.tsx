import { RUNTIME_FAMILY_LABELS, runtimeFamily } from "@/lib/blueprints/filter";

export function RuntimeBadge({ runtime }: { runtime: string }) {
  const family = runtimeFamily(runtime);
  return (
    <span
      title={family ? `${RUNTIME_FAMILY_LABELS[family]} (${runtime})` : runtime}
      className="shrink-0 rounded-full bg-sky-50 px-2 py-0.5 text-xs font-medium text-sky-800 ring-1 ring-sky-200 ring-inset dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800"
    >
      {runtime}
    </span>
  );
}
