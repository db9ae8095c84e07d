import type { Target } from "@/lib/targets/types";
import { settle } from "@/lib/aws/errors";
import { listLogGroups } from "@/lib/aws/logs";
import { loadLogsAction } from "@/app/(console)/logs/actions";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { LogViewer } from "./log-viewer";

/** Group picker (a GET form, so the choice is a link) and the viewer over the chosen groups. */
export async function LogSearch({ target, chosen }: { target: Target; chosen: string[] }) {
  const groups = await settle(listLogGroups(target));
  if (!groups.ok) return <ErrorState error={groups.error} />;
  if (groups.data.length === 0) {
    return (
      <EmptyState title="No log groups yet">
        Functions get a log group with their first invocation.
      </EmptyState>
    );
  }
  const selected = chosen.filter((g) => groups.data.includes(g));
  return (
    <div className="space-y-4">
      <form
        method="get"
        className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <fieldset>
          <legend className="mb-2 text-sm font-medium">
            Log groups ({groups.data.length}; up to 50 at once)
          </legend>
          <div className="grid max-h-48 gap-1 overflow-auto text-sm sm:grid-cols-2 lg:grid-cols-3">
            {groups.data.map((g) => (
              <label key={g} className="flex items-center gap-2 truncate">
                <input type="checkbox" name="g" value={g} defaultChecked={selected.includes(g)} />
                <span className="truncate font-mono text-xs">{g}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <button
          type="submit"
          className="mt-2 rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Search these groups
        </button>
      </form>
      {selected.length === 0 ? (
        <p className="text-sm text-zinc-500">Choose one or more log groups above.</p>
      ) : (
        <LogViewer key={selected.join("\n")} groups={selected} load={loadLogsAction} showGroup />
      )}
    </div>
  );
}
