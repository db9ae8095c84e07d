import { FunctionBreadcrumb } from "@/components/function-page/function-breadcrumb";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { getExecutionRole, listPolicyStatements } from "@/lib/aws/function-urls";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { PermissionsPanel } from "@/components/function-url/permissions-panel";
import { addStatement, removeStatement } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `${decodeURIComponent((await params).name)} · Permissions` };
}

/** Function → Configuration → Permissions: the execution role and the resource-based policy. */
export default async function PermissionsPage({ params }: { params: Promise<{ name: string }> }) {
  const session = await requirePermission("functions.read");
  const name = decodeURIComponent((await params).name);
  const { current } = await getCurrentTarget();
  const [role, statements] = await Promise.all([
    settle(getExecutionRole(current, name)),
    settle(listPolicyStatements(current, name)),
  ]);
  if (!role.ok && role.error.kind === "NotFound") notFound();
  return (
    <>
      <FunctionBreadcrumb name={name} section="Permissions" configuration />
      <PageHeading title={`${name}: permissions`} />
      <div className="space-y-4">
        <Panel title="Execution role">
          {role.ok ? (
            <p data-testid="execution-role" className="font-mono text-sm">
              {role.data}
            </p>
          ) : (
            <ErrorState error={role.error} />
          )}
        </Panel>
        <Panel title="Resource-based policy statements">
          {statements.ok ? (
            <PermissionsPanel
              functionName={name}
              statements={statements.data}
              canWrite={hasPermission(session.role, "functions.write")}
              addAction={addStatement}
              removeAction={removeStatement}
            />
          ) : (
            <ErrorState error={statements.error} />
          )}
        </Panel>
      </div>
    </>
  );
}
