import { Suspense } from "react";
import { requirePermission } from "@/lib/auth/guard";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { TableSkeleton } from "@/components/ui/skeleton";
import { FunctionList } from "@/components/functions/function-list";

export const metadata = { title: "Functions" };

export default async function FunctionsPage() {
  await requirePermission("functions.read");
  const { current } = await getCurrentTarget();
  return (
    <>
      <PageHeading title="Functions" description={`Every function in ${current.label}.`} />
      <Suspense key={current.id} fallback={<TableSkeleton />}>
        <FunctionList target={current} />
      </Suspense>
    </>
  );
}
