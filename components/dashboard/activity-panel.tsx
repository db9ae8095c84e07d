import { settle } from "@/lib/aws/errors";
import { getLambdaMetrics, total } from "@/lib/aws/metrics";
import type { Target } from "@/lib/targets/types";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";

/** Account-wide activity in the last hour, and the concurrency in use now (last minutes' maximum). */
export async function ActivityPanel({ target }: { target: Target }) {
  const result = await settle(getLambdaMetrics(target, undefined, "1h"));
  if (!result.ok) {
    return (
      <Panel title="Last hour">
        <ErrorState error={result.error} />
      </Panel>
    );
  }
  const m = result.data;
  const recent = m.timestamps.map((t, i) => (t >= m.toS - 300 ? (m.concurrency[i] ?? 0) : 0));
  const rows: [string, string, string][] = [
    ["Invocations", String(total(m.invocations)), "invocations"],
    ["Errors", String(total(m.errors)), "errors"],
    ["Throttles", String(total(m.throttles)), "throttles"],
    ["Concurrency in use (5 min max)", String(Math.max(0, ...recent)), "concurrency"],
  ];
  return (
    <Panel title="Last hour">
      <dl className="grid grid-cols-2 gap-3">
        {rows.map(([label, value, id]) => (
          <div key={id}>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid={`dashboard-${id}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
