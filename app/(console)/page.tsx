import { Suspense } from "react";
import { requirePermission } from "@/lib/auth/guard";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { FunctionCountPanel } from "@/components/dashboard/function-count-panel";
import { AccountSettingsPanel } from "@/components/dashboard/account-settings-panel";
import { TargetPanel } from "@/components/dashboard/target-panel";
import { ActivityPanel } from "@/components/dashboard/activity-panel";
import { TopErrorsPanel } from "@/components/dashboard/top-errors-panel";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requirePermission("functions.read");
  const { current } = await getCurrentTarget();
  return (
    <>
      <PageHeading title="Dashboard" description={`Overview of ${current.label}.`} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Suspense key={`count-${current.id}`} fallback={<PanelSkeleton />}>
          <FunctionCountPanel target={current} />
        </Suspense>
        <Suspense key={`activity-${current.id}`} fallback={<PanelSkeleton />}>
          <ActivityPanel target={current} />
        </Suspense>
        <Suspense key={`errors-${current.id}`} fallback={<PanelSkeleton />}>
          <TopErrorsPanel target={current} />
        </Suspense>
        <Suspense key={`account-${current.id}`} fallback={<PanelSkeleton />}>
          <AccountSettingsPanel target={current} />
        </Suspense>
        <TargetPanel target={current} />
      </div>
    </>
  );
}
