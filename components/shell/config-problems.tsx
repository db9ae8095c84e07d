import type { TargetConfigProblem } from "@/lib/targets/types";

/** An invalid target configuration is reported on the page; the console keeps working. */
export function ConfigProblems({ problems }: { problems: TargetConfigProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div
      role="alert"
      className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <p className="font-medium">Target configuration problem — these targets were skipped:</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((p, i) => (
          <li key={i}>
            <code className="text-xs">{p.source}</code>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
