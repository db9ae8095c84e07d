import type { Target } from "@/lib/targets/types";
import { Panel } from "../ui/panel";

export function TargetPanel({ target }: { target: Target }) {
  const rows: [string, string][] = [
    ["Target", target.label],
    ["Kind", target.kind === "local" ? "Local engine" : "AWS account"],
    ["Region", target.region],
    ["Endpoint", target.endpoint ?? "AWS default"],
    ...(target.kind === "aws"
      ? ([["Profile", target.profile ?? "default credential chain"]] as [string, string][])
      : []),
  ];
  return (
    <Panel title="Current target">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
