import { Suspense } from "react";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { TableSkeleton } from "@/components/ui/skeleton";
import { FunctionList } from "@/components/function-table/function-list";

export const metadata = { title: "Functions" };

export default async function FunctionsPage() {
  const session = await requirePermission("functions.read");
  const { current } = await getCurrentTarget();
  const canWrite = hasPermission(session.role, "functions.write");
  return (
    <>
      <div className="flex items-start justify-between">
        <PageHeading title="Functions" description={`Every function in ${current.label}.`} />
        {canWrite ? (
          <Link
            href="/functions/new"
            className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
          >
            Create function
          </Link>
        ) : null}
      </div>
      <Suspense key={current.id} fallback={<TableSkeleton />}>
        <FunctionList target={current} canWrite={canWrite} />
      </Suspense>
    </>
  );
}
