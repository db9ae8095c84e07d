import { getRecentThrottles } from "@/lib/aws/concurrency";
import type { Target } from "@/lib/targets/types";
import { ThrottleBadge } from "./throttle-badge";

/**
 * The function page header's throttle badge: streams in under Suspense so a slow or failing
 * metrics call never holds up or breaks the page (it then shows nothing).
 */
export async function RecentThrottleBadge({
  target,
  functionName,
}: {
  target: Target;
  functionName: string;
}) {
  const counts = await getRecentThrottles(target, [functionName]).catch(
    (): Record<string, number> => ({}),
  );
  return <ThrottleBadge functionName={functionName} count={counts[functionName] ?? 0} />;
}
