import type { AuditResult } from "@/lib/audit/store";
import type { TimelineFilters } from "@/lib/audit/timeline";

export const RESULTS: readonly AuditResult[] = ["ok", "refused", "error"];

const field =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const label = "block text-zinc-600 dark:text-zinc-400";

/** datetime-local values are shown and read as UTC. */
const localValue = (iso: string | undefined) => (iso ? iso.slice(0, 16) : "");

/**
 * The Audit page's filters, as a GET form: every view is a link. Users and actions are offered
 * from what is known (console facets, the engine events on screen) but any value may be typed.
 */
export function AuditFilterForm({
  filters,
  users,
  actions,
  engineLabel,
}: {
  filters: TimelineFilters;
  users: string[];
  actions: string[];
  engineLabel: string;
}) {
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter">
      <div className="text-sm">
        <label htmlFor="audit-actor" className={label}>
          User
        </label>
        <select id="audit-actor" name="actor" defaultValue={filters.who ?? ""} className={field}>
          <option value="">All users</option>
          {users.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm">
        <label htmlFor="audit-action" className={label}>
          Action
        </label>
        <input
          id="audit-action"
          name="action"
          list="audit-actions"
          defaultValue={filters.action ?? ""}
          placeholder="Any action"
          className={field}
        />
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="text-sm">
        <label htmlFor="audit-resource" className={label}>
          Resource
        </label>
        <input
          id="audit-resource"
          name="resource"
          defaultValue={filters.resource ?? ""}
          placeholder="Function name or ARN"
          className={field}
        />
      </div>
      <div className="text-sm">
        <label htmlFor="audit-source" className={label}>
          Source
        </label>
        <select
          id="audit-source"
          name="source"
          defaultValue={filters.source ?? ""}
          className={field}
        >
          <option value="">Console and {engineLabel}</option>
          <option value="console">Console</option>
          <option value="engine">{engineLabel}</option>
        </select>
      </div>
      <div className="text-sm">
        <label htmlFor="audit-result" className={label}>
          Result
        </label>
        <select
          id="audit-result"
          name="result"
          defaultValue={filters.result ?? ""}
          className={field}
        >
          <option value="">All results</option>
          {RESULTS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm">
        <label htmlFor="audit-from" className={label}>
          From (UTC)
        </label>
        <input
          id="audit-from"
          name="from"
          type="datetime-local"
          defaultValue={localValue(filters.since)}
          className={field}
        />
      </div>
      <div className="text-sm">
        <label htmlFor="audit-to" className={label}>
          To (UTC)
        </label>
        <input
          id="audit-to"
          name="to"
          type="datetime-local"
          defaultValue={localValue(filters.until)}
          className={field}
        />
      </div>
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        Filter
      </button>
    </form>
  );
}
