import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { listSigningJobs, listSigningProfiles } from "@/lib/aws/signing-profiles";
import { listCodeSigningConfigs } from "@/lib/aws/code-signing-configs";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { ErrorState } from "@/components/ui/error-state";
import {
  ConfigForm,
  NewProfileForm,
  RevokeProfileForm,
  RevokeSignatureForm,
  SimpleActionButton,
} from "@/components/code-signing/profile-forms";
import {
  cancelProfileAction,
  createConfigAction,
  deleteConfigAction,
  putProfileAction,
  revokeProfileAction,
  revokeSignatureAction,
  updateConfigAction,
} from "./actions";

export const metadata = { title: "Code signing" };

const th = "px-2 py-1 text-left font-medium text-zinc-500";
const td = "px-2 py-1 align-top";

/** Signing profiles, signing jobs and code signing configurations of the current target. */
export default async function CodeSigningPage() {
  const session = await requirePermission("functions.read");
  const admin = hasPermission(session.role, "admin");
  const { current } = await getCurrentTarget();
  const [profiles, jobs, configs] = await Promise.all([
    settle(listSigningProfiles(current)),
    settle(listSigningJobs(current)),
    settle(listCodeSigningConfigs(current)),
  ]);
  return (
    <>
      <PageHeading
        title="Code signing"
        description="Only unaltered code that approved publishers signed is deployed to functions under a configuration."
      />
      <p className="-mt-4 mb-4 text-sm">
        <Link
          href="/code-signing/buckets"
          className="text-blue-700 hover:underline dark:text-blue-400"
        >
          S3 buckets
        </Link>
      </p>
      <div className="space-y-4">
        <Panel title="Signing profiles">
          {!profiles.ok ? (
            <ErrorState error={profiles.error} />
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="signing-profiles">
                <thead>
                  <tr>
                    <th className={th}>Name</th>
                    <th className={th}>Version</th>
                    <th className={th}>Status</th>
                    <th className={th}>Signature validity</th>
                    <th className={th}>Version ARN</th>
                    {admin ? <th className={th}>Actions</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {profiles.data.map((p) => (
                    <tr
                      key={p.versionArn}
                      className="border-t border-zinc-100 dark:border-zinc-800"
                    >
                      <td className={td}>{p.name}</td>
                      <td className={`${td} font-mono text-xs`}>
                        {p.version}
                        {p.earlierVersions.length > 0 ? (
                          <details className="mt-1 font-sans">
                            <summary className="cursor-pointer text-zinc-500">
                              {p.earlierVersions.length} earlier
                            </summary>
                            <ul className="space-y-1">
                              {p.earlierVersions.map((v) => (
                                <li key={v} className="font-mono">
                                  {v}
                                  {admin ? (
                                    <RevokeProfileForm
                                      name={p.name}
                                      version={v}
                                      action={revokeProfileAction}
                                    />
                                  ) : null}
                                </li>
                              ))}
                            </ul>
                          </details>
                        ) : null}
                      </td>
                      <td className={td}>
                        {p.status}
                        {p.revokedFrom ? ` (from ${p.revokedFrom})` : ""}
                      </td>
                      <td className={td}>{p.validity}</td>
                      <td className={`${td} font-mono text-xs break-all`}>{p.versionArn}</td>
                      {admin ? (
                        <td className={td}>
                          {p.status === "Active" ? (
                            <div className="space-y-1">
                              <RevokeProfileForm
                                name={p.name}
                                version={p.version}
                                action={revokeProfileAction}
                              />
                              <SimpleActionButton
                                action={cancelProfileAction}
                                input={{ name: p.name }}
                                label="Cancel profile"
                                success="Canceled."
                              />
                            </div>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {admin ? (
            <div className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
              <NewProfileForm action={putProfileAction} />
            </div>
          ) : null}
        </Panel>
        <Panel title="Code signing configurations">
          {!configs.ok ? (
            <ErrorState error={configs.error} />
          ) : (
            <div className="space-y-4" data-testid="code-signing-configs">
              {configs.data.length === 0 ? (
                <p className="text-sm text-zinc-500">No configurations yet.</p>
              ) : null}
              {configs.data.map((c) => (
                <div
                  key={c.arn}
                  className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
                >
                  <p className="font-mono text-xs">{c.arn}</p>
                  <p>
                    {c.description || "No description"} · policy <strong>{c.policy}</strong>
                  </p>
                  <p className="mt-1 text-zinc-500">Allowed publishers:</p>
                  <ul className="font-mono text-xs">
                    {c.allowedPublishers.map((a) => (
                      <li key={a}>{a}</li>
                    ))}
                  </ul>
                  <p className="mt-1">
                    Used by:{" "}
                    {c.functions.length === 0
                      ? "no function"
                      : c.functions.map((f, i) => (
                          <span key={f}>
                            {i > 0 ? ", " : ""}
                            <Link
                              href={`/functions/${encodeURIComponent(f)}`}
                              className="text-blue-700 hover:underline dark:text-blue-400"
                            >
                              {f}
                            </Link>
                          </span>
                        ))}
                  </p>
                  {admin ? (
                    <details className="mt-2">
                      <summary className="cursor-pointer text-blue-700 dark:text-blue-400">
                        Edit
                      </summary>
                      <ConfigForm
                        action={updateConfigAction}
                        initial={c}
                        submitLabel="Save configuration"
                      />
                      <div className="mt-2">
                        <SimpleActionButton
                          action={deleteConfigAction}
                          input={{ arn: c.arn }}
                          label="Delete configuration"
                          success="Deleted."
                        />
                      </div>
                    </details>
                  ) : null}
                </div>
              ))}
              {admin ? (
                <details>
                  <summary className="cursor-pointer text-sm text-blue-700 dark:text-blue-400">
                    New configuration
                  </summary>
                  <ConfigForm action={createConfigAction} submitLabel="Create configuration" />
                </details>
              ) : null}
            </div>
          )}
        </Panel>
        <Panel title="Signing jobs">
          {!jobs.ok ? (
            <ErrorState error={jobs.error} />
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead>
                  <tr>
                    <th className={th}>Job</th>
                    <th className={th}>Profile</th>
                    <th className={th}>Status</th>
                    <th className={th}>Expires</th>
                    <th className={th}>Signed object</th>
                    {admin ? <th className={th}>Revoke</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {jobs.data.map((j) => (
                    <tr key={j.jobId} className="border-t border-zinc-100 dark:border-zinc-800">
                      <td className={`${td} font-mono text-xs break-all`}>{j.jobId}</td>
                      <td className={td}>
                        {j.profileName}/{j.profileVersion}
                      </td>
                      <td className={td}>{j.revoked ? "Revoked" : j.status}</td>
                      <td className={td}>{j.expiresAt ?? "—"}</td>
                      <td className={`${td} font-mono text-xs`}>
                        {j.signedObject
                          ? `s3://${j.signedObject.bucket}/${j.signedObject.key}`
                          : "—"}
                      </td>
                      {admin ? (
                        <td className={td}>
                          {!j.revoked && j.status === "Succeeded" ? (
                            <RevokeSignatureForm jobId={j.jobId} action={revokeSignatureAction} />
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      </div>
    </>
  );
}
