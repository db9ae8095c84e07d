import type { ConcurrencyCounters, MinuteFigures } from "./concurrency-counters";
import { computeStat } from "./statistics";

/**
 * The second source of AWS/Lambda metrics: the scheduler's per-minute counters (H9), for the
 * figures that are not one row per invocation in metric_samples.
 */
const CONCURRENCY_METRICS = {
  UnreservedConcurrentExecutions: "Count",
  ProvisionedConcurrencyUtilization: "None",
  ProvisionedConcurrencySpilloverInvocations: "Count",
  ProvisionedConcurrentExecutions: "Count",
  AsyncEventsReceived: "Count",
  AsyncEventAge: "Milliseconds",
  AsyncEventsDropped: "Count",
} as const;

type ConcurrencyMetricName = keyof typeof CONCURRENCY_METRICS;

const PROVISIONED: readonly ConcurrencyMetricName[] = [
  "ProvisionedConcurrencyUtilization",
  "ProvisionedConcurrencySpilloverInvocations",
  "ProvisionedConcurrentExecutions",
];
const ASYNC: readonly ConcurrencyMetricName[] = [
  "AsyncEventsReceived",
  "AsyncEventAge",
  "AsyncEventsDropped",
];

function isConcurrencyMetric(name: string): name is ConcurrencyMetricName {
  return Object.hasOwn(CONCURRENCY_METRICS, name);
}

/** Which counters a query reads: the account row (functionName "") or one function's. */
export interface ConcurrencyQuery {
  metric: ConcurrencyMetricName;
  unit: string;
  functionName: string;
}

/**
 * Dimension sets as Lambda publishes them: Unreserved… with none; Provisioned… with FunctionName
 * and Resource (the counters are per function, so every qualifier of it reads the function's
 * figures; a function has at most a few provisioned configs); Async… with FunctionName.
 */
export function resolveConcurrencyMetric(
  metricName: string,
  dims: Map<string, string>,
): ConcurrencyQuery | null {
  if (!isConcurrencyMetric(metricName)) return null;
  const unit = CONCURRENCY_METRICS[metricName];
  const fn = dims.get("FunctionName");
  const resource = dims.get("Resource");
  const others = [...dims.keys()].filter((k) => k !== "FunctionName" && k !== "Resource");
  if (others.length > 0) return null;
  if (metricName === "UnreservedConcurrentExecutions")
    return dims.size === 0 ? { metric: metricName, unit, functionName: "" } : null;
  if (fn === undefined) return null;
  if (resource !== undefined) {
    if (!PROVISIONED.includes(metricName)) return null;
    if (resource !== fn && !resource.startsWith(`${fn}:`)) return null;
  }
  return { metric: metricName, unit, functionName: fn };
}

/** One minute's aggregate: enough for Sum, SampleCount, Average, Minimum, Maximum. */
interface MinutePoint {
  minute: number;
  sum: number;
  count: number;
  min: number;
  max: number;
}

const gauge = (minute: number, v: number): MinutePoint => ({
  minute,
  sum: v,
  count: 1,
  min: v,
  max: v,
});

/** The minute's point for a metric, or null when the minute has no data for it (no datapoint). */
function pointOf(metric: ConcurrencyMetricName, m: MinuteFigures): MinutePoint | null {
  const provisionedActive = m.provisionedInvocations + m.provisionedSpilloverInvocations > 0;
  const asyncActive = m.asyncEventsReceived + m.asyncEventsDropped + m.asyncEventAgeCount > 0;
  switch (metric) {
    case "UnreservedConcurrentExecutions":
      return m.functionName === "" ? gauge(m.minute, m.unreservedConcurrentExecutions) : null;
    case "ProvisionedConcurrencyUtilization":
      return provisionedActive ? gauge(m.minute, m.provisionedUtilization) : null;
    case "ProvisionedConcurrentExecutions":
      return provisionedActive ? gauge(m.minute, m.provisionedConcurrentExecutions) : null;
    case "ProvisionedConcurrencySpilloverInvocations":
      return provisionedActive ? gauge(m.minute, m.provisionedSpilloverInvocations) : null;
    case "AsyncEventsReceived":
      return asyncActive ? gauge(m.minute, m.asyncEventsReceived) : null;
    case "AsyncEventsDropped":
      return asyncActive ? gauge(m.minute, m.asyncEventsDropped) : null;
    case "AsyncEventAge":
      // Only the sum, count and maximum are kept: the minimum is approximated by the mean.
      return m.asyncEventAgeCount > 0
        ? {
            minute: m.minute,
            sum: m.asyncEventAgeSum,
            count: m.asyncEventAgeCount,
            min: m.asyncEventAgeSum / m.asyncEventAgeCount,
            max: m.asyncEventAgeMax,
          }
        : null;
  }
}

/** A period's statistic from its minute points; percentiles rank the per-minute maxima. */
function statOf(stat: string, points: MinutePoint[]): number {
  const sum = points.reduce((a, p) => a + p.sum, 0);
  const count = points.reduce((a, p) => a + p.count, 0);
  switch (stat) {
    case "Sum":
      return sum;
    case "SampleCount":
      return count;
    case "Average":
      return count === 0 ? 0 : sum / count;
    case "Minimum":
      return Math.min(...points.map((p) => p.min));
    case "Maximum":
      return Math.max(...points.map((p) => p.max));
  }
  return computeStat(
    stat,
    points.map((p) => p.max),
  );
}

export interface PeriodPoint {
  startMs: number;
  value: (stat: string) => number;
}

/** Periods aligned to `startMs` with data in [startMs, endMs), ascending. */
export function concurrencyPeriods(
  counters: ConcurrencyCounters,
  q: ConcurrencyQuery,
  startMs: number,
  endMs: number,
  periodS: number,
): PeriodPoint[] {
  const periodMs = periodS * 1000;
  const buckets = new Map<number, MinutePoint[]>();
  for (const m of counters.minutes(startMs, endMs, q.functionName)) {
    const p = pointOf(q.metric, m);
    if (!p) continue;
    const start = startMs + Math.floor((m.minute - startMs) / periodMs) * periodMs;
    let list = buckets.get(start);
    if (!list) buckets.set(start, (list = []));
    list.push(p);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, points]) => ({ startMs: start, value: (s: string) => statOf(s, points) }));
}

/**
 * The (metric, dimensions) pairs with counter data since `sinceMs`, for ListMetrics. `resources`
 * gives a function's qualified Resource values seen in metric_samples (the counters have none).
 */
export function listConcurrencyMetrics(
  counters: ConcurrencyCounters,
  sinceMs: number,
  resources: (functionName: string) => string[],
): { MetricName: string; Dimensions: { Name: string; Value: string }[] }[] {
  const seen = new Map<
    string,
    { MetricName: string; Dimensions: { Name: string; Value: string }[] }
  >();
  const add = (name: string, dims: { Name: string; Value: string }[]) =>
    seen.set(`${name}\0${JSON.stringify(dims)}`, { MetricName: name, Dimensions: dims });
  for (const m of counters.minutes(sinceMs, Number.MAX_SAFE_INTEGER)) {
    if (m.functionName === "") {
      add("UnreservedConcurrentExecutions", []);
      continue;
    }
    const fnDim = { Name: "FunctionName", Value: m.functionName };
    if (pointOf("AsyncEventsReceived", m)) for (const n of ASYNC) add(n, [fnDim]);
    if (pointOf("ProvisionedConcurrentExecutions", m)) {
      for (const n of PROVISIONED) {
        add(n, [fnDim]);
        for (const r of resources(m.functionName)) add(n, [fnDim, { Name: "Resource", Value: r }]);
      }
    }
  }
  return [...seen.values()];
}
