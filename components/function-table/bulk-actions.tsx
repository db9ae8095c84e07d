"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import type { BulkOutcome } from "@/lib/aws/function-list";
import type { FunctionRow } from "./rows";

export interface BulkActionProps {
  canWrite: boolean;
  deleteAction: (input: { names: string[] }) => Promise<ActionResult<BulkOutcome[]>>;
  publishAction: (input: {
    names: string[];
    description: string;
  }) => Promise<ActionResult<BulkOutcome[]>>;
  tagAction: (input: {
    functions: { name: string; arn: string }[];
    key: string;
    value: string;
  }) => Promise<ActionResult<BulkOutcome[]>>;
}

type Mode = "none" | "delete" | "publish" | "tag";

const button =
  "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Delete, publish or tag the selected functions; each refusal is reported by name. */
export function BulkActions({
  canWrite,
  deleteAction,
  publishAction,
  tagAction,
  selected,
  onDone,
}: BulkActionProps & { selected: FunctionRow[]; onDone: (changed: boolean) => void }) {
  const [mode, setMode] = useState<Mode>("none");
  const [pending, start] = useTransition();
  const [text, setText] = useState({ description: "", key: "", value: "" });
  const [report, setReport] = useState<{ summary: string; failures: string[] } | null>(null);
  if (!canWrite) return null;
  const names = selected.map((r) => r.name);

  const finish = (verb: string, result: ActionResult<BulkOutcome[]>, changed: boolean) => {
    if (!result.ok) {
      const fields = Object.values(result.fieldErrors ?? {}).flat();
      setReport({ summary: result.message, failures: fields });
      return;
    }
    const failed = result.data.filter((o) => !o.ok);
    const done = result.data.length - failed.length;
    setReport({
      summary: `${verb} ${done} of ${result.data.length}.`,
      failures: failed.map((o) => `${o.name}: ${o.ok ? "" : o.error.message}`),
    });
    setMode("none");
    onDone(changed && done > 0);
  };

  const run = () =>
    start(async () => {
      if (mode === "delete")
        finish("Deleted", await withTypedConfirm(deleteAction)({ names }), true);
      if (mode === "publish")
        finish("Published", await publishAction({ names, description: text.description }), false);
      if (mode === "tag")
        finish(
          "Tagged",
          await tagAction({
            functions: selected.map((r) => ({ name: r.name, arn: r.arn })),
            key: text.key,
            value: text.value,
          }),
          true,
        );
    });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-zinc-600 dark:text-zinc-400">{names.length} selected</span>
        <button
          type="button"
          className={button}
          disabled={!names.length}
          onClick={() => setMode("delete")}
        >
          Delete
        </button>
        <button
          type="button"
          className={button}
          disabled={!names.length}
          onClick={() => setMode("publish")}
        >
          Publish version
        </button>
        <button
          type="button"
          className={button}
          disabled={!names.length}
          onClick={() => setMode("tag")}
        >
          Tag
        </button>
      </div>
      {mode !== "none" && names.length > 0 ? (
        <form
          className="flex flex-wrap items-end gap-2 rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          {mode === "delete" ? (
            <p>
              Delete {names.length} {names.length === 1 ? "function" : "functions"} (
              {names.slice(0, 5).join(", ")}
              {names.length > 5 ? ", …" : ""})? This cannot be undone.
            </p>
          ) : null}
          {mode === "publish" ? (
            <label className="flex flex-col">
              Version description
              <input
                className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
                value={text.description}
                onChange={(e) => setText({ ...text, description: e.target.value })}
              />
            </label>
          ) : null}
          {mode === "tag" ? (
            <>
              <label className="flex flex-col">
                Tag key
                <input
                  required
                  className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
                  value={text.key}
                  onChange={(e) => setText({ ...text, key: e.target.value })}
                />
              </label>
              <label className="flex flex-col">
                Tag value
                <input
                  className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
                  value={text.value}
                  onChange={(e) => setText({ ...text, value: e.target.value })}
                />
              </label>
            </>
          ) : null}
          <button type="submit" className={button} disabled={pending}>
            {pending
              ? "Working…"
              : mode === "delete"
                ? "Delete"
                : mode === "publish"
                  ? "Publish"
                  : "Apply tag"}
          </button>
          <button type="button" className={button} onClick={() => setMode("none")}>
            Cancel
          </button>
        </form>
      ) : null}
      {report ? (
        <div
          role={report.failures.length ? "alert" : "status"}
          className={`rounded-md border p-2 text-sm ${report.failures.length ? "border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950/40" : "border-green-200 bg-green-50 dark:border-green-900 dark:bg-green-950/40"}`}
        >
          <p>{report.summary}</p>
          {report.failures.length ? (
            <ul className="mt-1 list-disc pl-5">
              {report.failures.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
