import type { Support } from "@/lib/blueprints";

/** Says up front what a blueprint needs that the current target lacks (rather than failing at invoke). */
export function SupportNotice({
  support,
  targetLabel,
  compact = false,
}: {
  support: Support;
  targetLabel: string;
  compact?: boolean;
}) {
  if (support.supported) return null;
  return (
    <div
      role="note"
      data-testid="blueprint-unsupported"
      className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-medium">Not available on {targetLabel}</p>
      {compact ? (
        <p>Needs {support.missing.map((m) => m.requirement).join(", ")}.</p>
      ) : (
        <ul className="mt-1 list-disc pl-4">
          {support.missing.map((m) => (
            <li key={m.requirement}>
              Needs {m.description} (<code>{m.requirement}</code>).
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
