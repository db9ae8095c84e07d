"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import type { ActionResult } from "@/lib/actions/define-action";
import { ActionForm, FieldErrors, fieldClass } from "../function-page/action-form";

type Action = (input: Record<string, unknown>) => Promise<ActionResult<{ functionName: string }>>;

export function AttachConfigForm({
  functionName,
  configs,
  current,
  action,
}: {
  functionName: string;
  configs: { arn: string; label: string }[];
  current?: string;
  action: Action;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(f) => ({ functionName, arn: f.get("arn") })}
      submitLabel={current ? "Change configuration" : "Attach configuration"}
      success="Attached. The next deployment is checked against it."
    >
      {(errors) => (
        <label className="block text-sm">
          Configuration
          <select
            name="arn"
            defaultValue={current ?? ""}
            className={`${fieldClass} ml-2`}
            aria-invalid={Boolean(errors.arn)}
          >
            <option value="">Choose…</option>
            {configs.map((c) => (
              <option key={c.arn} value={c.arn}>
                {c.label}
              </option>
            ))}
          </select>
          <FieldErrors errors={errors.arn} />
        </label>
      )}
    </ActionForm>
  );
}

export function DetachConfigButton({
  functionName,
  action,
}: {
  functionName: string;
  action: Action;
}) {
  return (
    <ActionForm
      action={withTypedConfirm(action)}
      toInput={() => ({ functionName })}
      submitLabel="Detach configuration"
      success="Detached."
      className="flex items-center gap-3"
    >
      {() => null}
    </ActionForm>
  );
}
