import Link from "next/link";
import type { Target } from "@/lib/targets/types";
import { settle } from "@/lib/aws/errors";
import { listAliases, listVersions } from "@/lib/aws/versions-aliases";
import {
  deleteAliasAction,
  publishVersionAction,
  saveAliasAction,
} from "@/app/(console)/functions/[name]/actions";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";
import { formatDate } from "../function-table/rows";
import { AliasForm, DeleteAliasButton, PublishVersionForm } from "./versions-forms";
import { CompareVersions } from "./compare-versions";

/** Versions and aliases: publish, list, aliases with weighted routing, invoke a qualifier, compare. */
export async function VersionsTab({
  target,
  functionName,
  compare,
  canWrite,
}: {
  target: Target;
  functionName: string;
  compare: string | undefined;
  canWrite: boolean;
}) {
  const [versions, aliases] = await Promise.all([
    settle(listVersions(target, functionName)),
    settle(listAliases(target, functionName)),
  ]);
  if (!versions.ok) return <ErrorState error={versions.error} />;
  if (!aliases.ok) return <ErrorState error={aliases.error} />;
  const base = `/functions/${encodeURIComponent(functionName)}`;
  const numbers = versions.data
    .map((v) => v.version)
    .filter((v) => v !== "$LATEST")
    .reverse();
  const choices = [...numbers, "$LATEST"];
  return (
    <div className="space-y-4">
      {compare ? (
        <CompareVersions target={target} functionName={functionName} version={compare} />
      ) : null}
      <Panel title="Versions">
        {canWrite ? (
          <div className="mb-3">
            <PublishVersionForm functionName={functionName} action={publishVersionAction} />
          </div>
        ) : null}
        <table className="w-full text-left text-sm" aria-label="Versions">
          <thead className="text-xs text-zinc-500 uppercase">
            <tr>
              <th className="py-1">Version</th>
              <th>Description</th>
              <th>Code SHA-256</th>
              <th>Last modified</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {[...versions.data].reverse().map((v) => (
              <tr key={v.version}>
                <td className="py-1 font-medium">{v.version}</td>
                <td>{v.description || "—"}</td>
                <td className="font-mono text-xs">{v.codeSha256.slice(0, 12)}…</td>
                <td>{formatDate(v.lastModified)}</td>
                <td className="space-x-3 text-right">
                  <Link
                    className="text-blue-700 hover:underline dark:text-blue-400"
                    href={`${base}?tab=test&qualifier=${encodeURIComponent(v.version)}`}
                  >
                    Invoke
                  </Link>
                  {v.version !== "$LATEST" ? (
                    <Link
                      className="text-blue-700 hover:underline dark:text-blue-400"
                      href={`${base}?tab=versions&compare=${v.version}`}
                    >
                      Compare with $LATEST
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title="Aliases">
        {aliases.data.length === 0 ? (
          <p className="text-sm text-zinc-500">No aliases yet.</p>
        ) : null}
        <ul className="space-y-3">
          {aliases.data.map((a) => (
            <li
              key={a.name}
              className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
              data-testid={`alias-${a.name}`}
            >
              <div className="flex flex-wrap items-center gap-3 text-sm">
                <span className="font-medium">{a.name}</span>
                <span>
                  → version {a.functionVersion}
                  {Object.entries(a.additionalWeights).map(
                    ([v, w]) =>
                      ` (${Math.round((1 - w) * 1000) / 10}%), version ${v} (${Math.round(w * 1000) / 10}%)`,
                  )}
                </span>
                <span className="text-zinc-500">{a.description}</span>
                <Link
                  className="text-blue-700 hover:underline dark:text-blue-400"
                  href={`${base}?tab=test&qualifier=${encodeURIComponent(a.name)}`}
                >
                  Invoke
                </Link>
                {canWrite ? (
                  <DeleteAliasButton
                    functionName={functionName}
                    alias={a.name}
                    action={deleteAliasAction}
                  />
                ) : null}
              </div>
              {canWrite ? (
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-zinc-600">Edit</summary>
                  <div className="mt-2">
                    <AliasForm
                      functionName={functionName}
                      versions={choices}
                      alias={a}
                      action={saveAliasAction}
                    />
                  </div>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
        {canWrite ? (
          <div className="mt-4 border-t border-zinc-200 pt-3 dark:border-zinc-800">
            <h3 className="mb-2 text-sm font-medium">Create alias</h3>
            <AliasForm functionName={functionName} versions={choices} action={saveAliasAction} />
          </div>
        ) : null}
      </Panel>
    </div>
  );
}
