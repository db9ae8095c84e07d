import type { Target } from "@/lib/targets/types";
import { getLastInitExtensions, type LastInitExtensions } from "@/lib/aws/extensions";
import { settle } from "@/lib/aws/errors";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";

function time(ts: number): string {
  return new Date(ts).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

/** The extensions list of one init, as its EXTENSION and TELEMETRY lines tell it. */
function ExtensionsList({ last }: { last: LastInitExtensions | null }) {
  if (!last)
    return <p className="text-sm text-zinc-500">No init on record yet: invoke the function.</p>;
  if (last.extensions.length === 0)
    return (
      <p className="text-sm text-zinc-500">
        No extension registered at the last init ({time(last.at)}).
      </p>
    );
  const subscribed = new Map(last.telemetry.map((t) => [t.name, t.types]));
  return (
    <div className="space-y-2">
      <p className="text-xs text-zinc-500">Last init: {time(last.at)}</p>
      <table className="w-full text-left text-sm" data-testid="extensions-table">
        <thead className="text-xs text-zinc-500">
          <tr>
            <th className="py-1 font-medium">Extension</th>
            <th className="py-1 font-medium">State</th>
            <th className="py-1 font-medium">Events</th>
            <th className="py-1 font-medium">Telemetry</th>
          </tr>
        </thead>
        <tbody>
          {last.extensions.map((e) => (
            <tr key={e.name} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="py-1 font-mono">{e.name}</td>
              <td className={`py-1 ${e.state === "Ready" ? "" : "text-red-700 dark:text-red-400"}`}>
                {e.state}
                {e.errorType ? ` (${e.errorType})` : ""}
              </td>
              <td className="py-1">{e.events.length ? e.events.join(", ") : "none"}</td>
              <td className="py-1">{subscribed.get(e.name)?.join(", ") ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Function page panel: the extensions registered at the last init, with their events. */
export async function ExtensionsPanel({ target, group }: { target: Target; group: string }) {
  const last = await settle(getLastInitExtensions(target, group));
  return (
    <Panel title="Extensions at the last init">
      {last.ok ? <ExtensionsList last={last.data} /> : <ErrorState error={last.error} />}
    </Panel>
  );
}
