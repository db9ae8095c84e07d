import type { StoredSample } from "./store";

/** The AWS/Lambda metrics the engine publishes, with their units. */
export const LAMBDA_METRICS = {
  Invocations: "Count",
  Errors: "Count",
  Throttles: "Count",
  Duration: "Milliseconds",
  ConcurrentExecutions: "Count",
  SignatureValidationErrors: "Count",
  PostRuntimeExtensionsDuration: "Milliseconds",
} as const;

export type LambdaMetricName = keyof typeof LAMBDA_METRICS;

export const LAMBDA_NAMESPACE = "AWS/Lambda";

export function isLambdaMetric(name: string): name is LambdaMetricName {
  return Object.hasOwn(LAMBDA_METRICS, name);
}

/** The values one sample contributes to a metric; null when it contributes none (CloudWatch then has no point). */
function sampleValue(metric: LambdaMetricName, s: StoredSample): number | null {
  // Code signing warnings are deploys, not invocations: they count only for their own metric.
  if (metric === "SignatureValidationErrors") return s.kind === "signature" ? 1 : null;
  if (s.kind === "signature") return null;
  const throttled = s.kind === "throttle";
  switch (metric) {
    case "Invocations":
      return throttled ? null : 1;
    case "Errors":
      return throttled ? null : s.kind === "error" ? 1 : 0;
    case "Throttles":
      return throttled ? 1 : 0;
    case "Duration":
      return throttled ? null : s.durationMs;
    case "ConcurrentExecutions":
      return throttled ? null : s.concurrency;
    case "PostRuntimeExtensionsDuration":
      return throttled ? null : s.postRuntimeMs;
  }
}

export interface Bucket {
  /** Period start, epoch ms. */
  startMs: number;
  values: number[];
}

/** Groups sample values into periods aligned to `startMs`; periods without values are left out. */
export function bucketize(
  metric: LambdaMetricName,
  samples: StoredSample[],
  startMs: number,
  periodS: number,
): Bucket[] {
  const periodMs = periodS * 1000;
  const buckets = new Map<number, number[]>();
  for (const s of samples) {
    const v = sampleValue(metric, s);
    if (v === null) continue;
    const start = startMs + Math.floor((s.ts - startMs) / periodMs) * periodMs;
    let list = buckets.get(start);
    if (!list) buckets.set(start, (list = []));
    list.push(v);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, values]) => ({ startMs: start, values }));
}

const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,2})?|100)$/;

/** True for the statistics the engine computes: the five simple ones and pNN(.NN). */
export function isSupportedStat(stat: string): boolean {
  return (
    ["SampleCount", "Sum", "Average", "Minimum", "Maximum"].includes(stat) || PERCENTILE.test(stat)
  );
}

/** One statistic over a period's values (nearest-rank percentiles, as CloudWatch documents). */
export function computeStat(stat: string, values: number[]): number {
  if (values.length === 0) return 0;
  switch (stat) {
    case "SampleCount":
      return values.length;
    case "Sum":
      return values.reduce((a, b) => a + b, 0);
    case "Average":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "Minimum":
      return Math.min(...values);
    case "Maximum":
      return Math.max(...values);
  }
  const m = PERCENTILE.exec(stat);
  if (!m) return Number.NaN;
  const p = Number(m[1]);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}
