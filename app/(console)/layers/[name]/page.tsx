import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { getLayerPolicy, layerUsage, listLayerVersions } from "@/lib/aws/layers";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { PublishLayerForm } from "@/components/layers/publish-layer-form";
import { AddPermissionForm, ConfirmActionButton } from "@/components/layers/layer-version-actions";
import {
  addLayerPermissionAction,
  deleteLayerVersionAction,
  publishLayerAction,
  removeLayerPermissionAction,
} from "../actions";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `Layer ${decodeURIComponent((await params).name)}` };
}

/** One layer: its versions, who uses each, their permissions; publish, delete, share. */
export default async function LayerPage({ params }: { params: Promise<{ name: string }> }) {
  const session = await requirePermission("functions.read");
  const canWrite = hasPermission(session.role, "functions.write");
  const name = decodeURIComponent((await params).name);
  if (!/^[a-zA-Z0-9-_]{1,140}$/.test(name)) notFound();
  const { current } = await getCurrentTarget();
  const [versions, usage] = await Promise.all([
    settle(listLayerVersions(current, name)),
    settle(layerUsage(current)),
  ]);
  if (versions.ok && versions.data.length === 0) notFound();
  const policies = versions.ok
    ? await Promise.all(versions.data.map((v) => settle(getLayerPolicy(current, name, v.version))))
    : [];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/layers" className="hover:underline">
          Layers
        </Link>{" "}
        / {name}
      </nav>
      <PageHeading title={name} />
      <div className="space-y-4">
        {!versions.ok ? <ErrorState error={versions.error} /> : null}
        {versions.ok
          ? versions.data.map((v, i) => {
              const users = usage.ok ? (usage.data.get(v.arn) ?? []) : [];
              const policy = policies[i];
              return (
                <Panel key={v.arn} title={`Version ${v.version}`}>
                  <div data-testid={`layer-version-${v.version}`} className="space-y-2 text-sm">
                    <p className="font-mono text-xs">{v.arn}</p>
                    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
                      <dt className="text-zinc-500">Description</dt>
                      <dd>{v.description || "—"}</dd>
                      <dt className="text-zinc-500">Compatible runtimes</dt>
                      <dd>{v.compatibleRuntimes.join(", ") || "—"}</dd>
                      <dt className="text-zinc-500">Architectures</dt>
                      <dd>{v.compatibleArchitectures.join(", ") || "—"}</dd>
                      <dt className="text-zinc-500">License</dt>
                      <dd>{v.licenseInfo || "—"}</dd>
                      <dt className="text-zinc-500">Created</dt>
                      <dd>{v.createdDate}</dd>
                      <dt className="text-zinc-500">Used by</dt>
                      <dd>
                        {!usage.ok ? (
                          "unknown"
                        ) : users.length === 0 ? (
                          "no function"
                        ) : (
                          <ul aria-label={`Functions using version ${v.version}`}>
                            {users.map((u) => (
                              <li key={`${u.functionName}:${u.version}`}>
                                <Link
                                  href={`/functions/${encodeURIComponent(u.functionName)}?tab=code`}
                                  className="text-blue-700 hover:underline dark:text-blue-400"
                                >
                                  {u.functionName}
                                </Link>{" "}
                                <span className="text-zinc-500">({u.version})</span>
                              </li>
                            ))}
                          </ul>
                        )}
                      </dd>
                      <dt className="text-zinc-500">Permissions</dt>
                      <dd>
                        {!policy?.ok ? (
                          "unknown"
                        ) : policy.data.statements.length === 0 ? (
                          "this account only"
                        ) : (
                          <ul>
                            {policy.data.statements.map((s) => (
                              <li key={s.sid} className="flex items-center gap-2">
                                <span>
                                  <span className="font-mono">{s.sid}</span>: {s.principal}
                                  {s.organizationId ? ` in ${s.organizationId}` : ""}
                                </span>
                                {canWrite ? (
                                  <ConfirmActionButton
                                    label="Remove"
                                    confirm={`Remove statement ${s.sid}?`}
                                    input={{ name, version: v.version, statementId: s.sid }}
                                    action={removeLayerPermissionAction}
                                  />
                                ) : null}
                              </li>
                            ))}
                          </ul>
                        )}
                      </dd>
                    </dl>
                    {canWrite ? (
                      <div className="space-y-2 border-t border-zinc-100 pt-2 dark:border-zinc-800">
                        <AddPermissionForm
                          layer={{ name, version: v.version }}
                          action={addLayerPermissionAction}
                        />
                        <ConfirmActionButton
                          label={`Delete version ${v.version}`}
                          confirm={`Delete ${v.arn}? Functions already using it keep it; no new function can add it.`}
                          input={{ name, version: v.version }}
                          action={deleteLayerVersionAction}
                        />
                      </div>
                    ) : null}
                  </div>
                </Panel>
              );
            })
          : null}
        {canWrite ? (
          <Panel title="Publish a new version">
            <PublishLayerForm existing={[name]} defaultName={name} action={publishLayerAction} />
          </Panel>
        ) : null}
      </div>
    </>
  );
}
