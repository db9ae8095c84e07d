import type { IsolationWarning } from "@/lib/health/engine-health";

/** Shown at the top of every page for each degraded capability (no registry, no databases…). */
export function CapabilityBanner({ warning }: { warning: IsolationWarning }) {
  return (
    <section
      aria-label={`Degraded capability: ${warning.title}`}
      className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
    >
      <p>
        <strong className="font-semibold">{warning.title}.</strong> {warning.problem}
      </p>
      <p className="mt-1">
        Fix:{" "}
        <code className="rounded bg-amber-100 px-1 py-0.5 text-xs dark:bg-amber-900">
          {warning.fix}
        </code>
      </p>
    </section>
  );
}
