import type { AuditResult } from "@/lib/audit/store";
import type { TimelineItem } from "@/lib/audit/timeline";

const RESULT_CLASSES: Record<AuditResult, string> = {
  ok: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200",
  refused: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  error: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};

interface Row {
  key: string;
  time: string;
  source: string;
  who: string;
  whoDetail: string | null;
  action: string;
  target: string | null;
  resource: string | null;
  result: AuditResult;
  message: string | null;
  details: string[];
}

function rowOf(item: TimelineItem, engineLabel: string, targetId: string): Row {
  if (item.source === "console") {
    const e = item.entry;
    return {
      key: `c${e.id}`,
      time: e.time,
      source: "Console",
      who: e.actorName ?? e.actor,
      whoDetail: e.role,
      action: e.action,
      target: e.target,
      resource: e.resource,
      result: e.result,
      message: e.message,
      details: [],
    };
  }
  const e = item.event;
  const result: AuditResult = !e.errorCode
    ? "ok"
    : e.errorCode.startsWith("AccessDenied")
      ? "refused"
      : "error";
  return {
    key: `e${e.id}`,
    time: e.time,
    source: engineLabel,
    who: e.principalArn ?? e.username,
    whoDetail: e.principalArn && e.principalArn !== e.username ? e.username : null,
    action: e.name,
    target: targetId,
    resource: e.resources.map((r) => r.name).join(", ") || null,
    result,
    message: e.errorCode ? `${e.errorCode}${e.errorMessage ? `: ${e.errorMessage}` : ""}` : null,
    details: [
      e.source,
      ...(e.sourceIp ? [`from ${e.sourceIp}`] : []),
      ...(e.userAgent ? [e.userAgent] : []),
      ...(e.requestId ? [`request ${e.requestId}`] : []),
    ],
  };
}

/** The merged timeline: console actions and recorded API calls, newest first. */
export function AuditTimelineTable({
  items,
  engineLabel,
  targetId,
}: {
  items: TimelineItem[];
  engineLabel: string;
  targetId: string;
}) {
  return (
    <table className="w-full border-collapse text-left text-sm" aria-label="Audit entries">
      <thead className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <tr>
          <th className="py-2 pr-3 font-medium">Time (UTC)</th>
          <th className="py-2 pr-3 font-medium">Source</th>
          <th className="py-2 pr-3 font-medium">User</th>
          <th className="py-2 pr-3 font-medium">Action</th>
          <th className="py-2 pr-3 font-medium">Target</th>
          <th className="py-2 pr-3 font-medium">Resource</th>
          <th className="py-2 pr-3 font-medium">Result</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const r = rowOf(item, engineLabel, targetId);
          return (
            <tr key={r.key} className="border-b border-zinc-100 align-top dark:border-zinc-800">
              <td className="py-2 pr-3 whitespace-nowrap">
                {r.time.replace("T", " ").slice(0, 19)}
              </td>
              <td className="py-2 pr-3">{r.source}</td>
              <td className="py-2 pr-3 break-all">
                {r.who}
                {r.whoDetail ? <span className="text-zinc-500"> ({r.whoDetail})</span> : null}
              </td>
              <td className="py-2 pr-3">
                <code>{r.action}</code>
                {r.details.length > 0 ? (
                  <div className="mt-0.5 text-xs break-all text-zinc-500">
                    {r.details.join(" · ")}
                  </div>
                ) : null}
              </td>
              <td className="py-2 pr-3">{r.target ?? "—"}</td>
              <td className="py-2 pr-3 break-all">{r.resource ?? "—"}</td>
              <td className="py-2 pr-3">
                <span
                  className={`rounded px-1.5 py-0.5 text-xs font-medium ${RESULT_CLASSES[r.result]}`}
                >
                  {r.result}
                </span>
                {r.message ? (
                  <span className="ml-2 text-zinc-600 dark:text-zinc-400">{r.message}</span>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
