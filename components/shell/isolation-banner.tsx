import type { IsolationWarning } from "@/lib/health/engine-health";

/** Shown at the top of every page while the local engine's functions are not isolated. */
export function IsolationBanner({ warning }: { warning: IsolationWarning }) {
  return (
    <section
      aria-label="Engine isolation warning"
      className="border-b border-red-300 bg-red-50 px-6 py-2 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
    >
      <p>
        <strong className="font-semibold">{warning.title}.</strong> {warning.problem}
      </p>
      <p className="mt-1">
        Fix:{" "}
        <code className="rounded bg-red-100 px-1 py-0.5 text-xs dark:bg-red-900">
          {warning.fix}
        </code>
      </p>
    </section>
  );
}
