"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import type { PolicyStatementInfo } from "@/lib/aws/function-urls";
import { ActionForm, FieldErrors, btn, fieldClass } from "@/components/function-page/action-form";

export type AddStatementInput = Record<
  | "functionName"
  | "statementId"
  | "principal"
  | "action"
  | "sourceArn"
  | "sourceAccount"
  | "functionUrlAuthType",
  string
>;

/** The resource-based policy's statements, each removable, and a form to add one. */
export function PermissionsPanel({
  functionName,
  statements,
  canWrite,
  addAction,
  removeAction,
}: {
  functionName: string;
  statements: PolicyStatementInfo[];
  canWrite: boolean;
  addAction: (input: AddStatementInput) => Promise<ActionResult<unknown>>;
  removeAction: (input: {
    functionName: string;
    statementId: string;
  }) => Promise<ActionResult<unknown>>;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-4 text-sm">
      {statements.length === 0 ? (
        <p data-testid="no-statements">
          No resource-based policy: only identities in this account with permission can invoke it.
        </p>
      ) : (
        <table className="w-full text-left">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1">Statement ID</th>
              <th>Principal</th>
              <th>Action</th>
              <th>Conditions</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {statements.map((s) => (
              <tr
                key={s.sid}
                data-testid={`statement-${s.sid}`}
                className="border-t border-zinc-200 dark:border-zinc-800"
              >
                <td className="py-1 font-mono">{s.sid}</td>
                <td className="font-mono">{s.principal}</td>
                <td className="font-mono">{s.action}</td>
                <td className="font-mono text-xs">{s.conditions.join("; ") || "—"}</td>
                <td>
                  {canWrite ? (
                    <button
                      type="button"
                      className={btn}
                      disabled={pending}
                      aria-label={`Remove ${s.sid}`}
                      onClick={() =>
                        start(async () => {
                          const r = await removeAction({ functionName, statementId: s.sid });
                          setError(r.ok ? null : r.message);
                        })
                      }
                    >
                      Remove
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {canWrite ? (
        <ActionForm
          action={addAction}
          toInput={(f) => ({
            functionName,
            statementId: String(f.get("statementId") ?? ""),
            principal: String(f.get("principal") ?? ""),
            action: String(f.get("action") ?? ""),
            sourceArn: String(f.get("sourceArn") ?? ""),
            sourceAccount: String(f.get("sourceAccount") ?? ""),
            functionUrlAuthType: String(f.get("functionUrlAuthType") ?? ""),
          })}
          submitLabel="Add permission"
          success="Permission added."
          className="grid gap-3 sm:grid-cols-2"
        >
          {(errors) => (
            <>
              {(
                [
                  ["statementId", "Statement ID", "s3-invoke"],
                  ["principal", "Principal", "s3.amazonaws.com, 123456789012 or *"],
                  ["action", "Action", "lambda:InvokeFunction"],
                  ["sourceArn", "Source ARN (optional)", "arn:aws:s3:::my-bucket"],
                  ["sourceAccount", "Source account (optional)", "123456789012"],
                ] as const
              ).map(([name, label, hint]) => (
                <label key={name} className="flex flex-col gap-1">
                  <span>{label}</span>
                  <input
                    name={name}
                    placeholder={hint}
                    defaultValue={name === "action" ? "lambda:InvokeFunction" : ""}
                    className={fieldClass}
                  />
                  <FieldErrors errors={errors[name]} />
                </label>
              ))}
              <label className="flex flex-col gap-1">
                <span>Function URL auth type (for lambda:InvokeFunctionUrl)</span>
                <select name="functionUrlAuthType" defaultValue="" className={fieldClass}>
                  <option value="">—</option>
                  <option value="NONE">NONE</option>
                  <option value="AWS_IAM">AWS_IAM</option>
                </select>
              </label>
            </>
          )}
        </ActionForm>
      ) : null}
    </div>
  );
}
