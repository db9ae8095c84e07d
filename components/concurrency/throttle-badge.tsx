import Link from "next/link";

/**
 * "Throttled" with the last hour's count, linking to the function's monitoring graphs. Rendered
 * only when GetMetricData reported Throttles > 0 (lib/aws/concurrency getRecentThrottles).
 */
export function ThrottleBadge({ functionName, count }: { functionName: string; count: number }) {
  if (count <= 0) return null;
  return (
    <Link
      href={`/functions/${encodeURIComponent(functionName)}?tab=monitor`}
      title={`${count} throttled invocation${count === 1 ? "" : "s"} in the last hour: see the graphs`}
      data-testid="throttle-badge"
      className="inline-flex items-center rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900 hover:underline dark:bg-red-900/40 dark:text-red-200"
    >
      Throttled ({count} in the last hour)
    </Link>
  );
}
