import Link from "next/link";
import { settle } from "@/lib/aws/errors";
import { topErrorFunctions } from "@/lib/aws/metrics";
import type { Target } from "@/lib/targets/types";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";

export async function TopErrorsPanel({ target }: { target: Target }) {
  const result = await settle(topErrorFunctions(target));
  return (
    <Panel title="Most errors (last hour)">
      {!result.ok ? (
        <ErrorState error={result.error} />
      ) : result.data.length === 0 ? (
        <p className="text-sm text-zinc-500">No errors in the last hour.</p>
      ) : (
        <ol className="space-y-1 text-sm" aria-label="Functions with the most errors">
          {result.data.map((f) => (
            <li key={f.functionName} className="flex justify-between gap-3">
              <Link
                href={`/functions/${encodeURIComponent(f.functionName)}?tab=monitor&range=1h`}
                className="truncate text-blue-700 hover:underline dark:text-blue-400"
              >
                {f.functionName}
              </Link>
              <span className="tabular-nums">
                {f.errors} of {f.invocations}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
