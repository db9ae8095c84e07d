import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { getDatabasesOverview } from "@/lib/aws/databases";
import { settle } from "@/lib/aws/errors";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { AutoRefresh } from "@/components/databases/progress";
import { CreateDatabaseWizard } from "@/components/databases/create-database-wizard";
import { CreateProxyWizard } from "@/components/databases/create-proxy-wizard";
import { DatabaseRows, ProxyList } from "@/components/databases/database-lists";
import {
  createDatabase,
  createProxy,
  databaseStatus,
  deleteDatabase,
  deleteProxy,
  registerTarget,
  savePoolSettings,
} from "./actions";

export const metadata = { title: "Databases" };

/** DB instances and the proxies in front of them (RDS and RDS Proxy; the local engine's own). */
export default async function DatabasesPage() {
  const session = await requirePermission("functions.read");
  const { current } = await getCurrentTarget();
  const overview = await settle(getDatabasesOverview(current));
  const canWrite = hasPermission(session.role, "functions.write");
  if (!overview.ok)
    return (
      <>
        <PageHeading title="Databases" />
        <ErrorState error={overview.error} />
      </>
    );
  const { instances, proxies } = overview.data;
  const account = current.kind === "local" ? "000000000000" : "123456789012";
  return (
    <>
      <AutoRefresh seconds={5} />
      <PageHeading
        title="Databases"
        description="PostgreSQL DB instances and the database proxies functions connect through. A proxy pools connections so many concurrent invocations share a few database connections."
      />
      <div className="grid gap-4">
        <Panel title={`DB instances (${instances.length})`}>
          <DatabaseRows
            instances={instances}
            canWrite={canWrite}
            deleteAction={deleteDatabase}
            statusAction={databaseStatus}
          />
        </Panel>
        <Panel title={`Proxies (${proxies.length})`}>
          <ProxyList
            proxies={proxies}
            canWrite={canWrite}
            deleteAction={deleteProxy}
            statusAction={databaseStatus}
            poolAction={savePoolSettings}
          />
        </Panel>
        {canWrite ? (
          <>
            <Panel title="Create database">
              <CreateDatabaseWizard createAction={createDatabase} statusAction={databaseStatus} />
            </Panel>
            <Panel title="Create proxy">
              <CreateProxyWizard
                instances={instances.filter((i) => i.status === "available")}
                defaultRoleArn={`arn:aws:iam::${account}:role/rds-proxy-secrets`}
                createAction={createProxy}
                registerAction={registerTarget}
                statusAction={databaseStatus}
              />
            </Panel>
          </>
        ) : null}
      </div>
    </>
  );
}
