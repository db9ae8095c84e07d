import type { InvocationSample, MetricsStore } from "./store";

/**
 * The invoker's one hook: called when an invocation completes or is throttled. A failure to
 * record must never fail the invocation, so it is logged and swallowed.
 */
export function recordInvocationMetrics(
  metrics: MetricsStore,
  sample: Omit<InvocationSample, "ts"> & { ts?: number },
): void {
  try {
    metrics.record({ ...sample, ts: sample.ts ?? Date.now() });
  } catch (err) {
    console.error("[engine] could not record invocation metrics", err);
  }
}

/** The Resource dimension from the ARN the caller invoked: "name" or "name:qualifier". */
export function resourceOf(invokedArn: string): string {
  const i = invokedArn.indexOf(":function:");
  return i === -1 ? invokedArn : invokedArn.slice(i + ":function:".length);
}
