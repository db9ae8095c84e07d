"use client";

import type { ActionResult } from "@/lib/actions/define-action";
import { ActionForm, FieldErrors, fieldClass } from "../function-page/action-form";

type Action<T> = (input: Record<string, unknown>) => Promise<ActionResult<T>>;
const obj = (form: FormData) => Object.fromEntries(form.entries());

export function NewProfileForm({ action }: { action: Action<{ profileVersionArn: string }> }) {
  return (
    <ActionForm
      action={action}
      toInput={obj}
      submitLabel="Create signing profile"
      success={(d) => `Created ${d.profileVersionArn}`}
      className="flex flex-wrap items-end gap-3"
    >
      {(errors) => (
        <>
          <label className="text-sm">
            Name
            <input
              name="name"
              className={`${fieldClass} ml-2`}
              required
              aria-invalid={Boolean(errors.name)}
            />
            <FieldErrors errors={errors.name} />
          </label>
          <label className="text-sm">
            Signatures valid for
            <input
              name="validityValue"
              type="number"
              min={1}
              defaultValue={135}
              className={`${fieldClass} ml-2 w-20`}
            />
            <select name="validityType" defaultValue="MONTHS" className={`${fieldClass} ml-1`}>
              <option>DAYS</option>
              <option>MONTHS</option>
              <option>YEARS</option>
            </select>
            <FieldErrors errors={errors.validityValue} />
          </label>
        </>
      )}
    </ActionForm>
  );
}

export function RevokeProfileForm({
  name,
  version,
  action,
}: {
  name: string;
  version: string;
  action: Action<{ name: string }>;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(f) => ({ ...obj(f), name, version })}
      submitLabel="Revoke"
      success="Revoked."
      className="flex items-center gap-2"
    >
      {(errors) => (
        <input
          name="reason"
          placeholder="Reason"
          aria-label={`Reason to revoke ${name}`}
          className={fieldClass}
          aria-invalid={Boolean(errors.reason)}
        />
      )}
    </ActionForm>
  );
}

export function RevokeSignatureForm({
  jobId,
  action,
}: {
  jobId: string;
  action: Action<{ jobId: string }>;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(f) => ({ ...obj(f), jobId })}
      submitLabel="Revoke signature"
      success="Revoked."
      className="flex items-center gap-2"
    >
      {() => (
        <input
          name="reason"
          placeholder="Reason"
          aria-label={`Reason to revoke job ${jobId}`}
          className={fieldClass}
        />
      )}
    </ActionForm>
  );
}

export function ConfigForm({
  action,
  initial,
  submitLabel,
}: {
  action: Action<{ arn: string }>;
  initial?: { arn: string; description: string; allowedPublishers: string[]; policy: string };
  submitLabel: string;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(f) => ({ ...obj(f), ...(initial ? { arn: initial.arn } : {}) })}
      submitLabel={submitLabel}
      success={(d) => `Saved ${d.arn}`}
    >
      {(errors) => (
        <>
          <label className="block text-sm">
            Description
            <input
              name="description"
              defaultValue={initial?.description}
              className={`${fieldClass} mt-1 block w-full`}
            />
          </label>
          <label className="block text-sm">
            Allowed publishers (signing profile version ARNs, one per line)
            <textarea
              name="allowedPublishers"
              rows={3}
              defaultValue={initial?.allowedPublishers.join("\n")}
              className={`${fieldClass} mt-1 block w-full font-mono text-xs`}
              aria-invalid={Boolean(errors.allowedPublishers)}
            />
            <FieldErrors errors={errors.allowedPublishers} />
          </label>
          <label className="block text-sm">
            Untrusted artifact on deployment
            <select
              name="policy"
              defaultValue={initial?.policy ?? "Enforce"}
              className={`${fieldClass} ml-2`}
            >
              <option value="Enforce">Enforce (block the deployment)</option>
              <option value="Warn">Warn (deploy and count a SignatureValidationErrors)</option>
            </select>
          </label>
        </>
      )}
    </ActionForm>
  );
}

export function SimpleActionButton<T>({
  action,
  input,
  label,
  success,
}: {
  action: Action<T>;
  input: Record<string, unknown>;
  label: string;
  success: string;
}) {
  return (
    <ActionForm
      action={action}
      toInput={() => input}
      submitLabel={label}
      success={success}
      className="inline-flex items-center gap-2"
    >
      {() => null}
    </ActionForm>
  );
}
