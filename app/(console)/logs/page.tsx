import { Suspense } from "react";
import { requirePermission } from "@/lib/auth/guard";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { TableSkeleton } from "@/components/ui/skeleton";
import { LogSearch } from "@/components/log-viewer/log-search";

export const metadata = { title: "Logs" };

/** One filter pattern across many log groups: ?g=<group>&g=<group>&filter=<pattern>&since=1h */
export default async function LogsPage({
  searchParams,
}: {
  searchParams: Promise<{ g?: string | string[] }>;
}) {
  await requirePermission("logs.read");
  const { current } = await getCurrentTarget();
  const { g } = await searchParams;
  const chosen = (Array.isArray(g) ? g : g ? [g] : []).slice(0, 50);
  return (
    <>
      <PageHeading
        title="Logs"
        description={`Search one filter pattern across many log groups in ${current.label}.`}
      />
      <Suspense key={current.id} fallback={<TableSkeleton />}>
        <LogSearch target={current} chosen={chosen} />
      </Suspense>
    </>
  );
}
