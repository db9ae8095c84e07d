"use client";

import type { ActionResult } from "@/lib/actions/define-action";
import { ActionForm } from "@/components/function-page/action-form";

type Input = { functionName: string; mode: "Active" | "PassThrough" };

/** AWS X-Ray active tracing: TracingConfig.Mode Active or PassThrough. */
export function TracingForm({
  functionName,
  mode,
  saveAction,
}: {
  functionName: string;
  mode: "Active" | "PassThrough";
  saveAction: (input: Input) => Promise<ActionResult<{ mode: string }>>;
}) {
  return (
    <ActionForm
      action={(input: Input) => saveAction(input)}
      toInput={(f): Input => ({
        functionName,
        mode: f.get("active") === "on" ? "Active" : "PassThrough",
      })}
      submitLabel="Save tracing"
      success={(r) => `Saved: tracing ${r.mode}.`}
      className="flex flex-col gap-3 text-sm"
    >
      {() => (
        <label className="flex items-center gap-2">
          <input type="checkbox" name="active" defaultChecked={mode === "Active"} />
          <span>Active tracing (AWS X-Ray)</span>
        </label>
      )}
    </ActionForm>
  );
}
