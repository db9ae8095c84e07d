"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionDetail } from "@/lib/aws/function-detail";
import { Button } from "@/components/ui/button";
import { Field, FieldErrors } from "@/components/ui/field";
import { ActionForm, fieldClass } from "./action-form";

type Done = Promise<ActionResult<{ functionName: string }>>;

/** Editable key/value rows (environment variables, tags), each with a stable id for React. */
function useKeyValueRows(initial: Record<string, string>) {
  const [rows, setRows] = useState(() =>
    Object.entries(initial).map(([key, value], id) => ({ id, key, value })),
  );
  const [nextId, setNextId] = useState(rows.length);
  return {
    rows,
    edit: (id: number, patch: { key: string } | { value: string }) =>
      setRows(rows.map((x) => (x.id === id ? { ...x, ...patch } : x))),
    remove: (id: number) => setRows(rows.filter((x) => x.id !== id)),
    /** Appends an empty row and returns its id. */
    add: () => {
      setRows([...rows, { id: nextId, key: "", value: "" }]);
      setNextId(nextId + 1);
      return nextId;
    },
  };
}

export function GeneralForm({
  config,
  canWrite,
  action,
}: {
  config: FunctionDetail;
  canWrite: boolean;
  action: (input: Record<string, string>) => Done;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(f) => ({
        functionName: config.name,
        memorySize: String(f.get("memorySize")),
        timeout: String(f.get("timeout")),
        description: String(f.get("description")),
        ephemeralStorage: String(f.get("ephemeralStorage")),
      })}
      submitLabel="Save"
      success="Saved."
    >
      {(errors) => (
        <fieldset disabled={!canWrite} className="grid grid-cols-2 gap-3">
          {(
            [
              ["memorySize", "Memory (MB)", config.memoryMb],
              ["timeout", "Timeout (seconds)", config.timeoutSeconds],
              ["ephemeralStorage", "Ephemeral storage (MB)", config.ephemeralStorageMb],
            ] as const
          ).map(([name, label, value]) => (
            <Field key={name} label={label} errors={errors[name]}>
              <input
                name={name}
                type="number"
                defaultValue={value}
                className={fieldClass}
                aria-invalid={Boolean(errors[name])}
              />
            </Field>
          ))}
          <Field label="Description" errors={errors.description} className="col-span-2">
            <input
              name="description"
              defaultValue={config.description}
              className={fieldClass}
              aria-invalid={Boolean(errors.description)}
            />
          </Field>
        </fieldset>
      )}
    </ActionForm>
  );
}

/** Environment variables: values masked until revealed; add, edit, remove, then save them all. */
export function EnvironmentEditor({
  functionName,
  variables,
  canWrite,
  action,
}: {
  functionName: string;
  variables: Record<string, string>;
  canWrite: boolean;
  action: (input: { functionName: string; environment: string }) => Done;
}) {
  const kv = useKeyValueRows(variables);
  const { rows } = kv;
  const [revealed, setRevealed] = useState<Set<number>>(new Set());
  return (
    <ActionForm
      action={action}
      toInput={() => ({
        functionName,
        environment: rows
          .filter((r) => r.key)
          .map((r) => `${r.key}=${r.value}`)
          .join("\n"),
      })}
      submitLabel="Save variables"
      success="Environment variables saved."
    >
      {(errors) => (
        <div className="space-y-2">
          {rows.length === 0 ? (
            <p className="text-sm text-zinc-500">No environment variables.</p>
          ) : null}
          {rows.map((r) => (
            <div key={r.id} className="flex items-center gap-2" data-testid="env-row">
              <input
                aria-label="Variable name"
                className={`${fieldClass} w-48 font-mono`}
                value={r.key}
                disabled={!canWrite}
                onChange={(e) => kv.edit(r.id, { key: e.target.value })}
              />
              <input
                aria-label={`Value of ${r.key || "variable"}`}
                type={revealed.has(r.id) ? "text" : "password"}
                className={`${fieldClass} flex-1 font-mono`}
                value={r.value}
                disabled={!canWrite}
                onChange={(e) => kv.edit(r.id, { value: e.target.value })}
              />
              <Button
                onClick={() => {
                  const next = new Set(revealed);
                  if (next.has(r.id)) next.delete(r.id);
                  else next.add(r.id);
                  setRevealed(next);
                }}
              >
                {revealed.has(r.id) ? "Hide" : "Reveal"}
              </Button>
              {canWrite ? <Button onClick={() => kv.remove(r.id)}>Remove</Button> : null}
            </div>
          ))}
          {canWrite ? (
            <Button onClick={() => setRevealed(new Set(revealed).add(kv.add()))}>
              Add variable
            </Button>
          ) : null}
          <FieldErrors errors={errors.environment} />
        </div>
      )}
    </ActionForm>
  );
}

export function TagsEditor({
  functionName,
  arn,
  tags,
  canWrite,
  action,
}: {
  functionName: string;
  arn: string;
  tags: Record<string, string>;
  canWrite: boolean;
  action: (input: {
    functionName: string;
    arn: string;
    add: Record<string, string>;
    remove: string[];
  }) => Done;
}) {
  const kv = useKeyValueRows(tags);
  const { rows } = kv;
  return (
    <ActionForm
      action={action}
      toInput={() => {
        const add = Object.fromEntries(rows.filter((r) => r.key).map((r) => [r.key, r.value]));
        return { functionName, arn, add, remove: Object.keys(tags).filter((k) => !(k in add)) };
      }}
      submitLabel="Save tags"
      success="Tags saved."
    >
      {(errors) => (
        <div className="space-y-2">
          {rows.length === 0 ? <p className="text-sm text-zinc-500">No tags.</p> : null}
          {rows.map((r) => (
            <div key={r.id} className="flex gap-2">
              <input
                aria-label="Tag key"
                className={`${fieldClass} w-48`}
                value={r.key}
                disabled={!canWrite}
                onChange={(e) => kv.edit(r.id, { key: e.target.value })}
              />
              <input
                aria-label={`Tag value of ${r.key || "tag"}`}
                className={`${fieldClass} flex-1`}
                value={r.value}
                disabled={!canWrite}
                onChange={(e) => kv.edit(r.id, { value: e.target.value })}
              />
              {canWrite ? <Button onClick={() => kv.remove(r.id)}>Remove</Button> : null}
            </div>
          ))}
          {canWrite ? <Button onClick={() => kv.add()}>Add tag</Button> : null}
          {Object.entries(errors).map(([k, v]) => (
            <FieldErrors key={k} errors={v} />
          ))}
        </div>
      )}
    </ActionForm>
  );
}
