"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import type { ActionResult } from "@/lib/actions/define-action";
import { CURRENT_RUNTIMES } from "@/lib/lambda-rules/runtimes";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { ActionForm, fieldClass } from "./action-form";

type Deployed = { functionName: string; codeSha256: string; codeSizeBytes: number };

export function UploadZipForm({
  functionName,
  action,
}: {
  functionName: string;
  action: (input: FormData) => Promise<ActionResult<Deployed>>;
}) {
  return (
    <ActionForm
      action={withTypedConfirm<FormData, Deployed>(action)}
      toInput={(form) => {
        form.set("functionName", functionName);
        return form;
      }}
      submitLabel="Upload and deploy"
      success={(d) => `Deployed the upload (${d.codeSizeBytes} bytes). Reload to see its files.`}
    >
      {(errors) => (
        <Field label="Upload a .zip" errors={errors.zip}>
          <input
            type="file"
            name="zip"
            accept=".zip,application/zip"
            className="mt-1 block text-sm"
          />
        </Field>
      )}
    </ActionForm>
  );
}

export function RuntimeSettingsForm({
  functionName,
  runtime,
  handler,
  architecture,
  canWrite,
  action,
}: {
  functionName: string;
  runtime: string;
  handler: string;
  architecture: string;
  canWrite: boolean;
  action: (input: {
    functionName: string;
    runtime: string;
    handler: string;
    architecture: "x86_64" | "arm64";
  }) => Promise<ActionResult<{ functionName: string }>>;
}) {
  return (
    <ActionForm
      action={withTypedConfirm(action)}
      toInput={(f) => ({
        functionName,
        runtime: String(f.get("runtime")),
        handler: String(f.get("handler")),
        architecture: f.get("architecture") === "arm64" ? ("arm64" as const) : ("x86_64" as const),
      })}
      submitLabel="Save runtime settings"
      success="Runtime settings saved."
      className="flex flex-wrap items-end gap-3"
    >
      {(errors) => (
        <>
          <Field label="Runtime" errors={errors.runtime}>
            <Select
              aria-label="Runtime"
              name="runtime"
              defaultValue={runtime}
              className={fieldClass}
              disabled={!canWrite}
              options={[...new Set([runtime, ...CURRENT_RUNTIMES])]}
            />
          </Field>
          <Field label="Handler" errors={errors.handler}>
            <input
              name="handler"
              defaultValue={handler}
              className={fieldClass}
              disabled={!canWrite}
              aria-invalid={Boolean(errors.handler)}
            />
          </Field>
          <Field label="Architecture">
            <Select
              aria-label="Architecture"
              name="architecture"
              defaultValue={architecture}
              className={fieldClass}
              disabled={!canWrite}
              options={["x86_64", "arm64"]}
            />
          </Field>
        </>
      )}
    </ActionForm>
  );
}
