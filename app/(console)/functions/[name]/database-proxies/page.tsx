import { FunctionBreadcrumb } from "@/components/function-page/function-breadcrumb";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { listFunctionProxies } from "@/lib/aws/function-database-proxies";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { FunctionProxies } from "@/components/databases/function-proxies";
import { connectProxy, disconnectProxy } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `${decodeURIComponent((await params).name)} · Database proxies` };
}

/** Function → Configuration → Database proxies: connect the function to a proxy. */
export default async function DatabaseProxiesPage({
  params,
}: {
  params: Promise<{ name: string }>;
}) {
  const session = await requirePermission("functions.read");
  const name = decodeURIComponent((await params).name);
  const { current } = await getCurrentTarget();
  const proxies = await settle(listFunctionProxies(current, name));
  if (
    !proxies.ok &&
    proxies.error.kind === "NotFound" &&
    proxies.error.code === "ResourceNotFoundException"
  )
    notFound();
  return (
    <>
      <FunctionBreadcrumb name={name} section="Database proxies" configuration />
      <PageHeading
        title={`${name}: database proxies`}
        description="Connecting sets DB_HOST, DB_PORT, DB_USER and DB_SECRET_NAME in the function's environment and lets it connect (rds-db:connect); on the local engine its sandbox reaches that proxy and no other database."
      />
      <Panel title="Proxies">
        {proxies.ok ? (
          <FunctionProxies
            functionName={name}
            proxies={proxies.data}
            canWrite={hasPermission(session.role, "functions.write")}
            connectAction={connectProxy}
            disconnectAction={disconnectProxy}
          />
        ) : (
          <ErrorState error={proxies.error} />
        )}
      </Panel>
      <p className="mt-4 text-sm">
        <Link href="/databases" className="text-blue-700 hover:underline dark:text-blue-400">
          Manage databases and proxies
        </Link>
      </p>
    </>
  );
}
