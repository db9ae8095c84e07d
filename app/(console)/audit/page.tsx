import type { Metadata } from "next";
import { PageHeading } from "@/components/ui/page-heading";
import { getConsoleStores } from "@/lib/audit/console-audit";
import type { AuditResult } from "@/lib/audit/store";
import { requirePermission } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Audit log" };

type Params = Promise<Record<string, string | string[] | undefined>>;

const RESULTS: readonly AuditResult[] = ["ok", "refused", "error"];
const RESULT_CLASSES: Record<AuditResult, string> = {
  ok: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200",
  refused: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  error: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};

function one(v: string | string[] | undefined): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export default async function AuditPage({ searchParams }: { searchParams: Params }) {
  await requirePermission("admin");
  const params = await searchParams;
  const actor = one(params.actor);
  const action = one(params.action);
  const rawResult = one(params.result);
  const result = RESULTS.find((r) => r === rawResult);
  const before = Number(one(params.before));
  const { audit } = getConsoleStores();
  const entries = audit.query({
    actor,
    action,
    result,
    limit: 100,
    beforeId: Number.isInteger(before) && before > 0 ? before : undefined,
  });
  const { actors, actions } = audit.facets();
  const last = entries.at(-1);
  const older = new URLSearchParams({
    ...(actor ? { actor } : {}),
    ...(action ? { action } : {}),
    ...(result ? { result } : {}),
    ...(last ? { before: String(last.id) } : {}),
  });
  const select =
    "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

  return (
    <div>
      <PageHeading
        title="Audit log"
        description="Every mutating action and every refused attempt, newest first."
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter">
        <div className="text-sm">
          <label htmlFor="audit-actor" className="block text-zinc-600 dark:text-zinc-400">
            User
          </label>
          <select id="audit-actor" name="actor" defaultValue={actor ?? ""} className={select}>
            <option value="">All users</option>
            {actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="text-sm">
          <label htmlFor="audit-action" className="block text-zinc-600 dark:text-zinc-400">
            Action
          </label>
          <select id="audit-action" name="action" defaultValue={action ?? ""} className={select}>
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="text-sm">
          <label htmlFor="audit-result" className="block text-zinc-600 dark:text-zinc-400">
            Result
          </label>
          <select id="audit-result" name="result" defaultValue={result ?? ""} className={select}>
            <option value="">All results</option>
            {RESULTS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Filter
        </button>
      </form>
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No entries match.</p>
      ) : (
        <table className="w-full border-collapse text-left text-sm" aria-label="Audit entries">
          <thead className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className="py-2 pr-3 font-medium">Time (UTC)</th>
              <th className="py-2 pr-3 font-medium">User</th>
              <th className="py-2 pr-3 font-medium">Action</th>
              <th className="py-2 pr-3 font-medium">Target</th>
              <th className="py-2 pr-3 font-medium">Resource</th>
              <th className="py-2 pr-3 font-medium">Result</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-b border-zinc-100 align-top dark:border-zinc-800">
                <td className="py-2 pr-3 whitespace-nowrap">
                  {e.time.replace("T", " ").slice(0, 19)}
                </td>
                <td className="py-2 pr-3">
                  {e.actorName ?? e.actor}
                  {e.role ? <span className="text-zinc-500"> ({e.role})</span> : null}
                </td>
                <td className="py-2 pr-3">
                  <code>{e.action}</code>
                </td>
                <td className="py-2 pr-3">{e.target ?? "—"}</td>
                <td className="py-2 pr-3">{e.resource ?? "—"}</td>
                <td className="py-2 pr-3">
                  <span
                    className={`rounded px-1.5 py-0.5 text-xs font-medium ${RESULT_CLASSES[e.result]}`}
                  >
                    {e.result}
                  </span>
                  {e.message ? (
                    <span className="ml-2 text-zinc-600 dark:text-zinc-400">{e.message}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.length === 100 ? (
        <a className="mt-3 inline-block text-sm underline" href={`/audit?${older.toString()}`}>
          Older entries
        </a>
      ) : null}
    </div>
  );
}
