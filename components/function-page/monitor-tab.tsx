import Link from "next/link";
import type { Target } from "@/lib/targets/types";
import { settle } from "@/lib/aws/errors";
import { filterLogs } from "@/lib/aws/logs";
import { getLambdaMetrics, METRIC_RANGES, parseMetricRange } from "@/lib/aws/metrics";
import { listAliases, listVersions } from "@/lib/aws/versions-aliases";
import type { FunctionDetail } from "@/lib/aws/function-detail";
import { FunctionMetricsCharts } from "../metrics-charts/function-metrics";
import { invocationCost, parseReportLine, type InvocationReport } from "../invoke-panel/report";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";

const RECENT = 50;

const rangeStart = (range: keyof typeof METRIC_RANGES) => Date.now() - METRIC_RANGES[range].ms;

/** Monitor tab: CloudWatch metric charts over a range, and recent invocations from REPORT lines. */
export async function MonitorTab({
  target,
  config,
  range: rangeParam,
  qualifier: qualifierParam,
  canReadLogs,
}: {
  target: Target;
  config: FunctionDetail;
  range: string | undefined;
  qualifier: string | undefined;
  canReadLogs: boolean;
}) {
  const range = parseMetricRange(rangeParam);
  const [versions, aliases] = await Promise.all([
    listVersions(target, config.name).catch(() => []),
    listAliases(target, config.name).catch(() => []),
  ]);
  const qualifiers = [
    ...versions.map((v) => v.version).filter((v) => v !== "$LATEST"),
    ...aliases.map((a) => a.name),
  ];
  const qualifier =
    qualifierParam && qualifiers.includes(qualifierParam) ? qualifierParam : undefined;
  const base = `/functions/${encodeURIComponent(config.name)}?tab=monitor`;
  const link = (r: string, q: string | undefined) =>
    `${base}&range=${r}${q ? `&qualifier=${encodeURIComponent(q)}` : ""}`;
  const [metrics, reports] = await Promise.all([
    settle(getLambdaMetrics(target, config.name, range, undefined, qualifier)),
    canReadLogs
      ? settle(
          filterLogs(target, {
            groups: [config.logGroup],
            pattern: '?"REPORT RequestId" ?"platform.report"',
            startTime: rangeStart(range),
            limit: 10_000,
          }),
        )
      : Promise.resolve(null),
  ]);
  // Streams are named ".../[<version>]<id>": a version or alias keeps the streams of its versions.
  const alias = aliases.find((a) => a.name === qualifier);
  const versionsShown = qualifier
    ? alias
      ? [alias.functionVersion, ...Object.keys(alias.additionalWeights)]
      : [qualifier]
    : undefined;
  const rows: (InvocationReport & { timestamp: number })[] = [];
  if (reports?.ok) {
    for (const e of reports.data.events) {
      if (versionsShown && !versionsShown.some((v) => e.stream.includes(`[${v}]`))) continue;
      const r = parseReportLine(e.message);
      if (r) rows.push({ ...r, timestamp: e.timestamp });
    }
  }
  const recent = rows.slice(-RECENT).reverse();
  const totalCost = rows.reduce((sum, r) => sum + invocationCost(r, config.architecture), 0);
  return (
    <div className="space-y-4">
      <nav aria-label="Time range" className="flex gap-2 text-sm">
        {Object.keys(METRIC_RANGES).map((r) => (
          <Link
            key={r}
            href={link(r, qualifier)}
            aria-current={r === range ? "true" : undefined}
            className={`rounded-md border px-2 py-1 ${r === range ? "border-blue-600 text-blue-700 dark:text-blue-400" : "border-zinc-300 dark:border-zinc-700"}`}
          >
            {r}
          </Link>
        ))}
      </nav>
      {qualifiers.length > 0 ? (
        <nav aria-label="Version or alias" className="flex flex-wrap gap-2 text-sm">
          {[undefined, ...qualifiers].map((q) => (
            <Link
              key={q ?? "all"}
              href={link(range, q)}
              aria-current={q === qualifier ? "true" : undefined}
              className={`rounded-md border px-2 py-1 ${q === qualifier ? "border-blue-600 text-blue-700 dark:text-blue-400" : "border-zinc-300 dark:border-zinc-700"}`}
            >
              {q ?? "All versions"}
            </Link>
          ))}
        </nav>
      ) : null}
      {metrics.ok ? (
        <FunctionMetricsCharts m={metrics.data} />
      ) : (
        <ErrorState error={metrics.error} />
      )}
      <Panel title="Recent invocations">
        {reports && !reports.ok ? <ErrorState error={reports.error} /> : null}
        {!canReadLogs ? <p className="text-sm text-zinc-500">Your role cannot read logs.</p> : null}
        {reports?.ok && rows.length === 0 ? (
          <p className="text-sm text-zinc-500">No invocations in this range.</p>
        ) : null}
        {recent.length > 0 ? (
          <>
            <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="cost-total">
              {rows.length} invocations in the last {range}, about ${totalCost.toFixed(8)} at public
              Lambda prices ({config.architecture}).
            </p>
            <table className="w-full text-left text-sm" aria-label="Recent invocations">
              <thead className="text-xs text-zinc-500 uppercase">
                <tr>
                  <th>Time</th>
                  <th>Request id</th>
                  <th>Duration</th>
                  <th>Billed</th>
                  <th>Memory used</th>
                  <th>Cold start</th>
                  <th>Cost</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 tabular-nums dark:divide-zinc-800">
                {recent.map((r) => (
                  <tr key={r.requestId}>
                    <td>{new Date(r.timestamp).toISOString().slice(11, 19)}</td>
                    <td className="font-mono text-xs">{r.requestId.slice(0, 8)}…</td>
                    <td>{r.durationMs.toFixed(2)} ms</td>
                    <td>{r.billedDurationMs} ms</td>
                    <td>
                      {r.maxMemoryUsedMb} / {r.memorySizeMb} MB
                    </td>
                    <td>
                      {r.initDurationMs !== undefined
                        ? `yes (${r.initDurationMs.toFixed(0)} ms)`
                        : "no"}
                    </td>
                    <td>${invocationCost(r, config.architecture).toFixed(10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </Panel>
    </div>
  );
}
