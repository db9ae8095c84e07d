"use client";

import { useState, useTransition } from "react";
import { withTypedConfirm } from "@/components/access/typed-confirm";
import type { ActionResult } from "@/lib/actions/define-action";
import { ActionForm, FieldErrors, btn, fieldClass } from "../function-page/action-form";

type Ref = { name: string; version: number };

/** A button that runs one action after the user confirms; shows the refusal if any. */
export function ConfirmActionButton<I extends object>({
  label,
  confirm,
  input,
  action,
}: {
  label: string;
  confirm: string;
  input: I;
  action: (input: I) => Promise<ActionResult<unknown>>;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={btn}
        disabled={pending}
        onClick={() => {
          if (!window.confirm(confirm)) return;
          start(async () => {
            const r = await withTypedConfirm(action)(input);
            setError(r.ok ? null : r.message);
          });
        }}
      >
        {pending ? "Working…" : label}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** AddLayerVersionPermission: share the version with an account or an organization. */
export function AddPermissionForm({
  layer,
  action,
}: {
  layer: Ref;
  action: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(f) => ({
        ...layer,
        statementId: String(f.get("statementId") ?? ""),
        principal: String(f.get("principal") ?? ""),
        organizationId: String(f.get("organizationId") ?? ""),
      })}
      submitLabel="Add permission"
      success="Permission added."
      className="flex flex-wrap items-end gap-2"
    >
      {(errors) => (
        <>
          <label className="flex flex-col text-xs">
            Statement ID
            <input
              name="statementId"
              className={fieldClass}
              aria-invalid={Boolean(errors.statementId)}
            />
            <FieldErrors errors={errors.statementId} />
          </label>
          <label className="flex flex-col text-xs">
            Principal
            <input
              name="principal"
              className={fieldClass}
              placeholder="123456789012 or *"
              aria-invalid={Boolean(errors.principal)}
            />
            <FieldErrors errors={errors.principal} />
          </label>
          <label className="flex flex-col text-xs">
            Organization ID (optional)
            <input name="organizationId" className={fieldClass} placeholder="o-…" />
            <FieldErrors errors={errors.organizationId} />
          </label>
        </>
      )}
    </ActionForm>
  );
}
