import { FunctionBreadcrumb } from "@/components/function-page/function-breadcrumb";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { getAccountSettings } from "@/lib/aws/account";
import {
  getAsyncConfig,
  getRecentThrottles,
  getReservedConcurrency,
  listProvisionableQualifiers,
  listProvisionedConfigs,
} from "@/lib/aws/concurrency";
import { settle } from "@/lib/aws/errors";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { ReservedConcurrencyForm } from "@/components/concurrency/reserved-concurrency-form";
import { ProvisionedPanel } from "@/components/concurrency/provisioned-panel";
import { AsyncConfigForm } from "@/components/concurrency/async-config-form";
import { ThrottleBadge } from "@/components/concurrency/throttle-badge";
import {
  removeProvisionedConcurrency,
  removeReservedConcurrency,
  resetAsyncConfig,
  saveAsyncConfig,
  setProvisionedConcurrency,
  setReservedConcurrency,
} from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `${decodeURIComponent((await params).name)} · Concurrency` };
}

/** Function → Configuration → Concurrency: reserved, provisioned, asynchronous invocation. */
export default async function ConcurrencyPage({ params }: { params: Promise<{ name: string }> }) {
  const session = await requirePermission("functions.read");
  const name = decodeURIComponent((await params).name);
  const { current } = await getCurrentTarget();
  const [reserved, account, provisioned, qualifiers, asyncConfig, throttles] = await Promise.all([
    settle(getReservedConcurrency(current, name)),
    settle(getAccountSettings(current)),
    settle(listProvisionedConfigs(current, name)),
    settle(listProvisionableQualifiers(current, name)),
    settle(getAsyncConfig(current, name)),
    settle(getRecentThrottles(current, [name])),
  ]);
  if (!reserved.ok) {
    if (reserved.error.kind === "NotFound") notFound();
    return (
      <>
        <PageHeading title={name} />
        <ErrorState error={reserved.error} />
      </>
    );
  }
  const canConcurrency = hasPermission(session.role, "concurrency.write");
  const canWrite = hasPermission(session.role, "functions.write");
  const mine = reserved.data ?? 0;
  const floor = account.ok ? Math.min(100, account.data.concurrencyLimit) : 100;
  const maxReservable = account.ok
    ? Math.max(0, account.data.unreservedConcurrency + mine - floor)
    : 0;
  return (
    <>
      <FunctionBreadcrumb name={name} section="Concurrency" configuration />
      <PageHeading
        title={`${name}: concurrency`}
        description={
          throttles.ok && throttles.data[name] ? (
            <ThrottleBadge functionName={name} count={throttles.data[name] ?? 0} />
          ) : undefined
        }
      />
      <div className="grid gap-4">
        <Panel title="Reserved concurrency">
          {account.ok ? (
            <ReservedConcurrencyForm
              functionName={name}
              reserved={reserved.data}
              unreserved={account.data.unreservedConcurrency}
              maxReservable={maxReservable}
              canWrite={canConcurrency}
              setAction={setReservedConcurrency}
              removeAction={removeReservedConcurrency}
            />
          ) : (
            <ErrorState error={account.error} />
          )}
        </Panel>
        <Panel title="Provisioned concurrency">
          {provisioned.ok && qualifiers.ok ? (
            <ProvisionedPanel
              functionName={name}
              configs={provisioned.data}
              qualifiers={qualifiers.data}
              canWrite={canConcurrency}
              setAction={setProvisionedConcurrency}
              removeAction={removeProvisionedConcurrency}
            />
          ) : (
            <ErrorState
              error={
                provisioned.ok
                  ? qualifiers.ok
                    ? { kind: "Internal", message: "", code: "" }
                    : qualifiers.error
                  : provisioned.error
              }
            />
          )}
        </Panel>
        <Panel title="Asynchronous invocation">
          {asyncConfig.ok ? (
            <AsyncConfigForm
              functionName={name}
              config={asyncConfig.data}
              canWrite={canWrite}
              saveAction={saveAsyncConfig}
              resetAction={resetAsyncConfig}
            />
          ) : (
            <ErrorState error={asyncConfig.error} />
          )}
        </Panel>
      </div>
    </>
  );
}
