"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import { useEffect } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/define-action";
import type { ProvisionedConfig } from "@/lib/aws/concurrency";
import { ActionForm, btn, fieldClass } from "@/components/function-page/action-form";

const STATUS_CLASS: Record<ProvisionedConfig["status"], string> = {
  READY: "bg-green-100 text-green-900 dark:bg-green-900/40 dark:text-green-200",
  IN_PROGRESS: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
  FAILED: "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200",
};

/** Provisioned concurrency per version or alias, with live status (refreshes while allocating). */
export function ProvisionedPanel({
  functionName,
  configs,
  qualifiers,
  canWrite,
  setAction,
  removeAction,
}: {
  functionName: string;
  configs: ProvisionedConfig[];
  qualifiers: string[];
  canWrite: boolean;
  setAction: (input: {
    functionName: string;
    qualifier: string;
    provisioned: string;
  }) => Promise<ActionResult<unknown>>;
  removeAction: (input: {
    functionName: string;
    qualifier: string;
  }) => Promise<ActionResult<unknown>>;
}) {
  const router = useRouter();
  const allocating = configs.some((c) => c.status === "IN_PROGRESS");
  useEffect(() => {
    if (!allocating) return;
    const t = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(t);
  }, [allocating, router]);
  return (
    <div className="space-y-3 text-sm">
      {configs.length === 0 ? (
        <p className="text-zinc-500">
          No provisioned concurrency. Invokes start environments on demand.
        </p>
      ) : (
        <table className="w-full text-left">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1">Qualifier</th>
              <th>Requested</th>
              <th>Allocated</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {configs.map((c) => (
              <tr
                key={c.qualifier}
                className="border-t border-zinc-200 dark:border-zinc-800"
                data-testid={`provisioned-${c.qualifier}`}
              >
                <td className="py-1 font-mono">{c.qualifier}</td>
                <td>{c.requested}</td>
                <td>{c.allocated}</td>
                <td>
                  <span className={`rounded px-2 py-0.5 text-xs ${STATUS_CLASS[c.status]}`}>
                    {c.status}
                  </span>
                  {c.statusReason ? (
                    <span className="ml-2 text-xs text-red-700 dark:text-red-400">
                      {c.statusReason}
                    </span>
                  ) : null}
                </td>
                <td>
                  {canWrite ? (
                    <form
                      action={async () =>
                        void (await withTypedConfirm(removeAction)({
                          functionName,
                          qualifier: c.qualifier,
                        }))
                      }
                    >
                      <button type="submit" className={btn}>
                        Remove
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite ? (
        qualifiers.length === 0 ? (
          <p className="text-zinc-500">
            Publish a version (or create an alias) to provision concurrency: $LATEST cannot have it.
          </p>
        ) : (
          <ActionForm
            action={(input: { functionName: string; qualifier: string; provisioned: string }) =>
              setAction(input)
            }
            toInput={(f) => ({
              functionName,
              qualifier: String(f.get("qualifier") ?? ""),
              provisioned: String(f.get("provisioned") ?? ""),
            })}
            submitLabel="Provision"
            success="Allocating: the status turns READY once the environments are initialised."
            className="flex flex-wrap items-end gap-3"
          >
            {(errors) => (
              <>
                <label className="flex flex-col gap-1">
                  <span>Version or alias</span>
                  <select
                    name="qualifier"
                    className={fieldClass}
                    aria-invalid={Boolean(errors.qualifier)}
                  >
                    {qualifiers.map((q) => (
                      <option key={q} value={q}>
                        {q}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col gap-1">
                  <span>Provisioned concurrency</span>
                  <input
                    name="provisioned"
                    type="number"
                    min={1}
                    required
                    className={`${fieldClass} w-32`}
                    aria-invalid={Boolean(errors.provisioned)}
                  />
                </label>
              </>
            )}
          </ActionForm>
        )
      ) : null}
    </div>
  );
}
