import { FunctionBreadcrumb } from "@/components/function-page/function-breadcrumb";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import {
  getFunctionCodeSigningConfig,
  getSignatureStatus,
  listCodeSigningConfigs,
} from "@/lib/aws/code-signing-configs";
import { listSigningProfiles } from "@/lib/aws/signing-profiles";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { AttachConfigForm, DetachConfigButton } from "@/components/code-signing/attach-form";
import { SignAndDeploy } from "@/components/code-signing/sign-and-deploy";
import { SignatureBadge } from "@/components/code-signing/signature-badge";
import {
  attachConfigAction,
  deploySignedAction,
  detachConfigAction,
  startSigningAction,
  uploadForSigningAction,
  waitSigningAction,
} from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `${decodeURIComponent((await params).name)} · Code signing` };
}

/** Function → Configuration → Code signing: the configuration, the signature, Sign and deploy. */
export default async function FunctionCodeSigningPage({
  params,
}: {
  params: Promise<{ name: string }>;
}) {
  const session = await requirePermission("functions.read");
  const name = decodeURIComponent((await params).name);
  const { current } = await getCurrentTarget();
  const attached = await settle(getFunctionCodeSigningConfig(current, name));
  if (!attached.ok && attached.error.kind === "NotFound") notFound();
  const [configs, profiles, status] = await Promise.all([
    settle(listCodeSigningConfigs(current)),
    settle(listSigningProfiles(current)),
    settle(getSignatureStatus(current, name)),
  ]);
  const canWrite = hasPermission(session.role, "functions.write");
  const admin = hasPermission(session.role, "admin");
  const config =
    attached.ok && configs.ok ? configs.data.find((c) => c.arn === attached.data) : undefined;
  return (
    <>
      <FunctionBreadcrumb name={name} section="Code signing" />
      <PageHeading
        title={`${name}: code signing`}
        description={status.ok ? <SignatureBadge status={status.data} /> : undefined}
      />
      <div className="grid gap-4 xl:grid-cols-2">
        <Panel title="Code signing configuration">
          {!attached.ok ? (
            <ErrorState error={attached.error} />
          ) : attached.data ? (
            <div className="space-y-2 text-sm" data-testid="attached-config">
              <p className="font-mono text-xs">{attached.data}</p>
              {config ? (
                <p>
                  Policy <strong>{config.policy}</strong>; allowed publishers:{" "}
                  {config.allowedPublishers.length}
                </p>
              ) : null}
              {admin ? (
                <DetachConfigButton functionName={name} action={detachConfigAction} />
              ) : null}
            </div>
          ) : (
            <p className="text-sm text-zinc-500">
              No configuration: any package deploys unchecked.
            </p>
          )}
          {canWrite && configs.ok && configs.data.length > 0 ? (
            <div className="mt-3">
              <AttachConfigForm
                functionName={name}
                configs={configs.data.map((c) => ({
                  arn: c.arn,
                  label: `${c.id} (${c.policy}${c.description ? `, ${c.description}` : ""})`,
                }))}
                current={attached.ok ? attached.data : undefined}
                action={attachConfigAction}
              />
            </div>
          ) : null}
        </Panel>
        {canWrite ? (
          <Panel title="Sign and deploy">
            {!profiles.ok ? (
              <ErrorState error={profiles.error} />
            ) : (
              <SignAndDeploy
                functionName={name}
                profiles={profiles.data.filter((p) => p.status === "Active").map((p) => p.name)}
                defaultBucket="lambda-console-signing"
                actions={{
                  upload: uploadForSigningAction,
                  start: startSigningAction,
                  wait: waitSigningAction,
                  deploy: deploySignedAction,
                }}
              />
            )}
          </Panel>
        ) : null}
      </div>
    </>
  );
}
