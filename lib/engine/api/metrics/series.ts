import type { MetricsStore, SampleFilter, SeriesKey, StoredSample } from "../../metrics/store";
import {
  LAMBDA_METRICS,
  LAMBDA_NAMESPACE,
  isLambdaMetric,
  type LambdaMetricName,
} from "../../metrics/statistics";
import { bucketize, computeStat } from "../../metrics/statistics";
import {
  concurrencyPeriods,
  listConcurrencyMetrics,
  resolveConcurrencyMetric,
  type PeriodPoint,
} from "../../metrics/concurrency-source";
import type { ConcurrencyCounters } from "../../metrics/concurrency-counters";
import { invalidValue, type Dimension } from "./wire";

const DIMENSION_NAMES = ["FunctionName", "Resource", "ExecutedVersion"] as const;

/** A metric the caller named: which samples it covers, or null when the engine publishes no such metric. */
interface ResolvedMetric {
  metric: LambdaMetricName;
  unit: string;
  filter: Omit<SampleFilter, "startMs" | "endMs">;
}

/**
 * Maps a (namespace, name, dimensions) triple to a sample filter. The dimension sets the engine
 * publishes are {}, {FunctionName}, {FunctionName, Resource}, {FunctionName, Resource, ExecutedVersion}.
 */
function resolveMetric(
  namespace: string,
  metricName: string,
  dims: Dimension[],
): ResolvedMetric | null {
  if (namespace !== LAMBDA_NAMESPACE || !isLambdaMetric(metricName)) return null;
  const byName = new Map<string, string>();
  for (const d of dims) {
    if (d.value === undefined)
      throw invalidValue(`The parameter Dimensions.Value is required for dimension ${d.name}.`);
    if (!(DIMENSION_NAMES as readonly string[]).includes(d.name)) return null;
    byName.set(d.name, d.value);
  }
  const functionName = byName.get("FunctionName");
  const resource = byName.get("Resource");
  const executedVersion = byName.get("ExecutedVersion");
  if ((resource !== undefined || executedVersion !== undefined) && functionName === undefined)
    return null;
  if (executedVersion !== undefined && resource === undefined) return null;
  return {
    metric: metricName,
    unit: LAMBDA_METRICS[metricName],
    filter: { functionName, resource, executedVersion },
  };
}

export interface ListedMetric {
  Namespace: string;
  MetricName: string;
  Dimensions: { Name: string; Value: string }[];
}

/** Every metric with data since `sinceMs`, in a stable order: what ListMetrics pages through. */
export function listPublishedMetrics(
  store: MetricsStore,
  counters: ConcurrencyCounters,
  sinceMs: number,
): ListedMetric[] {
  const dimSets = new Map<string, { Name: string; Value: string }[]>();
  // Dimension sets with extension time after the response: the only ones listing that metric.
  const postRuntime = new Set<string>();
  let current: SeriesKey | undefined;
  const add = (dims: { Name: string; Value: string }[]) => {
    const key = JSON.stringify(dims);
    dimSets.set(key, dims);
    if (current?.postRuntime) postRuntime.add(key);
  };
  const series = store.series(sinceMs);
  for (const s of series) {
    current = s;
    add([]);
    add([{ Name: "FunctionName", Value: s.functionName }]);
    add([
      { Name: "FunctionName", Value: s.functionName },
      { Name: "Resource", Value: s.resource },
    ]);
    if (s.resource !== s.functionName && s.executedVersion) {
      add([
        { Name: "FunctionName", Value: s.functionName },
        { Name: "Resource", Value: s.resource },
        { Name: "ExecutedVersion", Value: s.executedVersion },
      ]);
    }
  }
  const out: ListedMetric[] = [];
  for (const [key, dims] of dimSets) {
    for (const name of Object.keys(LAMBDA_METRICS)) {
      if (name === "PostRuntimeExtensionsDuration" && !postRuntime.has(key)) continue;
      out.push({ Namespace: LAMBDA_NAMESPACE, MetricName: name, Dimensions: dims });
    }
  }
  const qualified = (fn: string) => [
    ...new Set(
      series.filter((s) => s.functionName === fn && s.resource !== fn).map((s) => s.resource),
    ),
  ];
  for (const m of listConcurrencyMetrics(counters, sinceMs, qualified))
    out.push({ Namespace: LAMBDA_NAMESPACE, ...m });
  return out;
}

function readSamples(
  store: MetricsStore,
  m: ResolvedMetric,
  startMs: number,
  endMs: number,
): StoredSample[] {
  return store.samples({ ...m.filter, startMs, endMs });
}

/**
 * A named metric's periods from whichever source keeps it: per-invocation samples or the
 * scheduler's per-minute counters. Null when the engine publishes no such metric.
 */
export function readPeriods(
  store: MetricsStore,
  counters: ConcurrencyCounters,
  metric: { namespace: string; name: string; dims: Dimension[] },
  from: number,
  endMs: number,
  periodS: number,
): { unit: string; periods: PeriodPoint[] } | null {
  const resolved = resolveMetric(metric.namespace, metric.name, metric.dims);
  if (resolved) {
    const buckets = bucketize(
      resolved.metric,
      readSamples(store, resolved, from, endMs),
      from,
      periodS,
    );
    return {
      unit: resolved.unit,
      periods: buckets.map((b) => ({ startMs: b.startMs, value: (s) => computeStat(s, b.values) })),
    };
  }
  if (metric.namespace !== LAMBDA_NAMESPACE) return null;
  const byName = new Map<string, string>();
  for (const d of metric.dims) {
    if (d.value === undefined) return null;
    byName.set(d.name, d.value);
  }
  const q = resolveConcurrencyMetric(metric.name, byName);
  if (!q) return null;
  return { unit: q.unit, periods: concurrencyPeriods(counters, q, from, endMs, periodS) };
}
