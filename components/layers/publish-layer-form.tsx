"use client";

import type { ActionResult } from "@/lib/actions/define-action";
import { ActionForm, FieldErrors, fieldClass } from "../function-page/action-form";
import { LAYER_ARCHITECTURES, LAYER_RUNTIME_CHOICES } from "./choices";

type Published = { name: string; arn: string; version: number };

/** Publish a layer version from a .zip: name (new or existing), runtimes, architectures, license. */
export function PublishLayerForm({
  existing,
  defaultName = "",
  action,
}: {
  existing: string[];
  defaultName?: string;
  action: (input: FormData) => Promise<ActionResult<Published>>;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(form) => form}
      submitLabel="Publish"
      success={(d) => `Published ${d.arn}`}
    >
      {(errors) => (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="flex flex-col text-sm">
              Layer name
              <input
                name="name"
                list="layer-names"
                defaultValue={defaultName}
                className={fieldClass}
                aria-invalid={Boolean(errors.name)}
                placeholder="shared-utils"
              />
              <datalist id="layer-names">
                {existing.map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
              <span className="text-xs text-zinc-500">
                An existing name adds a new version to that layer.
              </span>
              <FieldErrors errors={errors.name} />
            </label>
            <label className="flex flex-col text-sm">
              Description
              <input name="description" className={fieldClass} />
              <FieldErrors errors={errors.description} />
            </label>
            <label className="flex flex-col text-sm">
              License
              <input name="licenseInfo" className={fieldClass} placeholder="MIT" />
              <FieldErrors errors={errors.licenseInfo} />
            </label>
            <label className="flex flex-col text-sm">
              Layer .zip
              <input
                type="file"
                name="zip"
                accept=".zip,application/zip"
                className="mt-1 text-sm"
              />
              <span className="text-xs text-zinc-500">
                Its files land in /opt: nodejs/node_modules, python, bin, lib…
              </span>
              <FieldErrors errors={errors.zip} />
            </label>
          </div>
          <fieldset className="text-sm">
            <legend>Compatible runtimes</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {LAYER_RUNTIME_CHOICES.map((r) => (
                <label key={r} className="flex items-center gap-1">
                  <input type="checkbox" name="compatibleRuntimes" value={r} /> {r}
                </label>
              ))}
            </div>
            <FieldErrors errors={errors.compatibleRuntimes} />
          </fieldset>
          <fieldset className="text-sm">
            <legend>Compatible architectures</legend>
            <div className="mt-1 flex gap-4">
              {LAYER_ARCHITECTURES.map((a) => (
                <label key={a} className="flex items-center gap-1">
                  <input type="checkbox" name="compatibleArchitectures" value={a} /> {a}
                </label>
              ))}
            </div>
          </fieldset>
        </>
      )}
    </ActionForm>
  );
}
