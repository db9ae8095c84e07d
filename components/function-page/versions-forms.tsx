"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import type { AliasInfo } from "@/lib/aws/versions-aliases";
import { ActionForm, FieldErrors, btn, fieldClass } from "./action-form";

export function PublishVersionForm({
  functionName,
  action,
}: {
  functionName: string;
  action: (input: {
    functionName: string;
    description: string;
  }) => Promise<ActionResult<{ functionName: string; version: string }>>;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(f) => ({ functionName, description: String(f.get("description") ?? "") })}
      submitLabel="Publish new version"
      success={(d) => `Published version ${d.version}.`}
      className="flex flex-wrap items-end gap-3"
    >
      {(errors) => (
        <label className="flex flex-col text-sm">
          Version description
          <input name="description" className={fieldClass} />
          <FieldErrors errors={errors.description} />
        </label>
      )}
    </ActionForm>
  );
}

type AliasInput = {
  functionName: string;
  alias: string;
  functionVersion: string;
  description: string;
  extraVersion?: string;
  extraWeightPercent?: number;
  create: boolean;
};

/** Create an alias or edit one: primary version plus an optional weighted second version. */
export function AliasForm({
  functionName,
  versions,
  alias,
  action,
}: {
  functionName: string;
  versions: string[];
  alias?: AliasInfo;
  action: (input: AliasInput) => Promise<ActionResult<{ functionName: string }>>;
}) {
  const extra = alias ? Object.entries(alias.additionalWeights)[0] : undefined;
  return (
    <ActionForm
      action={action}
      toInput={(f) => {
        const extraVersion = String(f.get("extraVersion") ?? "");
        return {
          functionName,
          alias: alias?.name ?? String(f.get("alias") ?? ""),
          functionVersion: String(f.get("functionVersion") ?? ""),
          description: String(f.get("description") ?? ""),
          ...(extraVersion
            ? { extraVersion, extraWeightPercent: Number(f.get("extraWeightPercent") ?? 0) }
            : {}),
          create: !alias,
        };
      }}
      submitLabel={alias ? "Save alias" : "Create alias"}
      success={alias ? "Alias saved." : "Alias created."}
      className="flex flex-wrap items-end gap-3"
    >
      {(errors) => (
        <>
          {alias ? null : (
            <label className="flex flex-col text-sm">
              Alias name
              <input name="alias" className={fieldClass} aria-invalid={Boolean(errors.alias)} />
              <FieldErrors errors={errors.alias} />
            </label>
          )}
          <label className="flex flex-col text-sm">
            Version
            <select
              aria-label="Version"
              name="functionVersion"
              defaultValue={alias?.functionVersion ?? versions[0]}
              className={fieldClass}
            >
              {versions.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
            <FieldErrors errors={errors.functionVersion} />
          </label>
          <label className="flex flex-col text-sm">
            Weighted second version
            <select
              aria-label="Weighted second version"
              name="extraVersion"
              defaultValue={extra?.[0] ?? ""}
              className={fieldClass}
            >
              <option value="">None</option>
              {versions
                .filter((v) => v !== "$LATEST")
                .map((v) => (
                  <option key={v}>{v}</option>
                ))}
            </select>
            <FieldErrors errors={errors.extraVersion} />
          </label>
          <label className="flex flex-col text-sm">
            Its weight (%)
            <input
              name="extraWeightPercent"
              type="number"
              min={0}
              max={100}
              step="any"
              defaultValue={extra ? Math.round(extra[1] * 10000) / 100 : 10}
              className={`${fieldClass} w-24`}
            />
            <FieldErrors errors={errors.extraWeightPercent} />
          </label>
          <label className="flex flex-col text-sm">
            Description
            <input
              name="description"
              defaultValue={alias?.description ?? ""}
              className={fieldClass}
            />
          </label>
        </>
      )}
    </ActionForm>
  );
}

export function DeleteAliasButton({
  functionName,
  alias,
  action,
}: {
  functionName: string;
  alias: string;
  action: (input: {
    functionName: string;
    alias: string;
  }) => Promise<ActionResult<{ functionName: string }>>;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={btn}
        disabled={pending}
        onClick={() =>
          start(async () => {
            if (!window.confirm(`Delete alias ${alias}?`)) return;
            const r = await withTypedConfirm(action)({ functionName, alias });
            setError(r.ok ? null : r.message);
          })
        }
      >
        Delete
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </>
  );
}
