import type { BlueprintError } from "@/lib/blueprints";

/** Folders that were skipped, with why: a team's malformed manifest is shown, never fatal. */
export function BlueprintErrors({ errors }: { errors: BlueprintError[] }) {
  if (errors.length === 0) return null;
  return (
    <section
      aria-labelledby="blueprint-errors"
      className="mt-8 rounded-lg border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950"
    >
      <h2 id="blueprint-errors" className="font-medium text-red-900 dark:text-red-100">
        {errors.length === 1
          ? "1 blueprint folder was skipped"
          : `${errors.length} blueprint folders were skipped`}
      </h2>
      <ul className="mt-2 space-y-2">
        {errors.map((e) => (
          <li key={`${e.source}/${e.folder}`}>
            <span className="font-mono">{e.folder}</span>{" "}
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              ({e.source === "custom" ? "team directory" : "built-in"})
            </span>
            <ul className="list-disc pl-5 text-red-800 dark:text-red-200">
              {e.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
