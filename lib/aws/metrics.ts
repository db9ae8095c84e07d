import "server-only";
import {
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import type { Target } from "../targets/types";
import { getCloudWatchClient } from "./clients";

export const METRIC_RANGES = {
  "1h": { ms: 3600_000, period: 60 },
  "3h": { ms: 3 * 3600_000, period: 60 },
  "12h": { ms: 12 * 3600_000, period: 300 },
  "1d": { ms: 24 * 3600_000, period: 300 },
  "7d": { ms: 7 * 24 * 3600_000, period: 3600 },
} as const;
export type MetricRange = keyof typeof METRIC_RANGES;

export function parseMetricRange(value: string | undefined): MetricRange {
  return value && Object.hasOwn(METRIC_RANGES, value) ? (value as MetricRange) : "3h";
}

/** Series aligned on one time axis (epoch seconds); null where CloudWatch has no point. */
export interface FunctionMetrics {
  timestamps: number[];
  invocations: (number | null)[];
  errors: (number | null)[];
  throttles: (number | null)[];
  durationAvg: (number | null)[];
  durationP99: (number | null)[];
  concurrency: (number | null)[];
  /** Percent of invocations without error. */
  successRate: (number | null)[];
  period: number;
  /** The requested window, epoch seconds, so charts span it even with few points. */
  fromS: number;
  toS: number;
}

const SERIES = [
  ["invocations", "Invocations", "Sum"],
  ["errors", "Errors", "Sum"],
  ["throttles", "Throttles", "Sum"],
  ["durationAvg", "Duration", "Average"],
  ["durationP99", "Duration", "p99"],
  ["concurrency", "ConcurrentExecutions", "Maximum"],
] as const;

/** AWS/Lambda metrics of one function (or all, without a name) through GetMetricData. */
export async function getLambdaMetrics(
  target: Target,
  functionName: string | undefined,
  range: MetricRange,
  now = Date.now(),
  /** A version or alias: the Resource dimension "name:qualifier". */
  qualifier?: string,
): Promise<FunctionMetrics> {
  const { ms, period } = METRIC_RANGES[range];
  const dims = functionName ? [{ Name: "FunctionName", Value: functionName }] : [];
  if (functionName && qualifier)
    dims.push({ Name: "Resource", Value: `${functionName}:${qualifier}` });
  const queries: MetricDataQuery[] = SERIES.map(([id, metric, stat]) => ({
    Id: id.toLowerCase(),
    MetricStat: {
      Metric: { Namespace: "AWS/Lambda", MetricName: metric, Dimensions: dims },
      Period: period,
      Stat: stat,
    },
  }));
  const out = await getCloudWatchClient(target).send(
    new GetMetricDataCommand({
      StartTime: new Date(now - ms),
      EndTime: new Date(now),
      MetricDataQueries: queries,
      ScanBy: "TimestampAscending",
    }),
  );
  const byId = new Map<string, Map<number, number>>();
  const stamps = new Set<number>();
  for (const r of out.MetricDataResults ?? []) {
    const points = new Map<number, number>();
    (r.Timestamps ?? []).forEach((t, i) => {
      const s = Math.floor(t.getTime() / 1000);
      const v = r.Values?.[i];
      if (v !== undefined) {
        points.set(s, v);
        stamps.add(s);
      }
    });
    byId.set(r.Id ?? "", points);
  }
  const timestamps = [...stamps].sort((a, b) => a - b);
  const col = (id: string) => timestamps.map((t) => byId.get(id.toLowerCase())?.get(t) ?? null);
  const invocations = col("invocations");
  const errors = col("errors");
  return {
    timestamps,
    invocations,
    errors,
    throttles: col("throttles"),
    durationAvg: col("durationAvg"),
    durationP99: col("durationP99"),
    concurrency: col("concurrency"),
    successRate: invocations.map((n, i) => (n ? (100 * (n - (errors[i] ?? 0))) / n : null)),
    period,
    fromS: Math.floor((now - ms) / 1000),
    toS: Math.floor(now / 1000),
  };
}

/** Sum of a series (nulls skipped): the dashboard's "last hour" totals. */
export function total(series: (number | null)[]): number {
  return series.reduce<number>((a, b) => a + (b ?? 0), 0);
}

export interface ErrorCount {
  functionName: string;
  errors: number;
  invocations: number;
}

/**
 * Functions with the most errors in the last `hours`: ListMetrics finds the functions with recent
 * Errors data, GetMetricData (500 queries a call) sums them.
 */
export async function topErrorFunctions(
  target: Target,
  hours = 1,
  limit = 5,
  now = Date.now(),
): Promise<ErrorCount[]> {
  const client = getCloudWatchClient(target);
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListMetricsCommand({
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        RecentlyActive: "PT3H",
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const m of page.Metrics ?? []) {
      const dims = m.Dimensions ?? [];
      const fn = dims[0];
      if (dims.length === 1 && fn?.Name === "FunctionName" && fn.Value) names.push(fn.Value);
    }
    token = page.NextToken;
  } while (token && names.length < 5000);
  const counts: ErrorCount[] = [];
  for (let i = 0; i < names.length; i += 250) {
    const chunk = names.slice(i, i + 250);
    const out = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - hours * 3600_000),
        EndTime: new Date(now),
        MetricDataQueries: chunk.flatMap((name, j) =>
          (["Errors", "Invocations"] as const).map((metric) => ({
            Id: `${metric === "Errors" ? "e" : "i"}${j}`,
            MetricStat: {
              Metric: {
                Namespace: "AWS/Lambda",
                MetricName: metric,
                Dimensions: [{ Name: "FunctionName", Value: name }],
              },
              Period: 3600,
              Stat: "Sum",
            },
          })),
        ),
      }),
    );
    const sums = new Map(
      (out.MetricDataResults ?? []).map((r) => [
        r.Id ?? "",
        (r.Values ?? []).reduce((a, b) => a + b, 0),
      ]),
    );
    chunk.forEach((functionName, j) =>
      counts.push({
        functionName,
        errors: sums.get(`e${j}`) ?? 0,
        invocations: sums.get(`i${j}`) ?? 0,
      }),
    );
  }
  return counts
    .filter((c) => c.errors > 0)
    .sort((a, b) => b.errors - a.errors)
    .slice(0, limit);
}
