import type { IsolationWarning } from "@/lib/health/engine-health";

/** Full class strings per tone, so Tailwind sees every class it must generate. */
const TONES = {
  red: {
    section:
      "border-b border-red-300 bg-red-50 px-6 py-2 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100",
    code: "rounded bg-red-100 px-1 py-0.5 text-xs dark:bg-red-900",
  },
  amber: {
    section:
      "border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100",
    code: "rounded bg-amber-100 px-1 py-0.5 text-xs dark:bg-amber-900",
  },
} as const;

/** A page-wide warning strip: what is wrong and the command that fixes it. */
export function WarningBanner({
  warning,
  label,
  tone,
}: {
  warning: IsolationWarning;
  label: string;
  tone: keyof typeof TONES;
}) {
  const classes = TONES[tone];
  return (
    <section aria-label={label} className={classes.section}>
      <p>
        <strong className="font-semibold">{warning.title}.</strong> {warning.problem}
      </p>
      <p className="mt-1">
        Fix: <code className={classes.code}>{warning.fix}</code>
      </p>
    </section>
  );
}
