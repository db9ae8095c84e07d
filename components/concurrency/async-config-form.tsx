"use client";

import type { ActionResult } from "@/lib/actions/define-action";
import type { AsyncConfig } from "@/lib/aws/concurrency";
import { ActionForm, btn, fieldClass } from "@/components/function-page/action-form";

type Input = {
  functionName: string;
  maximumRetryAttempts: string;
  maximumEventAgeSeconds: string;
  onSuccess: string;
  onFailure: string;
};

/** Asynchronous invocation: retry attempts, maximum event age, and OnSuccess / OnFailure destinations. */
export function AsyncConfigForm({
  functionName,
  config,
  canWrite,
  saveAction,
  resetAction,
}: {
  functionName: string;
  config: AsyncConfig;
  canWrite: boolean;
  saveAction: (input: Input) => Promise<ActionResult<unknown>>;
  resetAction: (input: { functionName: string }) => Promise<ActionResult<unknown>>;
}) {
  const field = (
    name: keyof Input,
    label: string,
    value: string,
    errors: Record<string, string[]>,
    props: Record<string, unknown> = {},
  ) => (
    <label className="flex flex-col gap-1">
      <span>{label}</span>
      <input
        name={name}
        defaultValue={value}
        disabled={!canWrite}
        aria-invalid={Boolean(errors[name])}
        className={fieldClass}
        {...props}
      />
      {errors[name]?.map((m) => (
        <span key={m} className="text-red-700 dark:text-red-400">
          {m}
        </span>
      ))}
    </label>
  );
  return (
    <div className="space-y-3 text-sm">
      {!config.configured ? (
        <p className="text-zinc-500">
          Lambda&apos;s defaults apply: 2 retries, events kept up to 6 hours, no destinations.
        </p>
      ) : null}
      <ActionForm
        action={(input: Input) => saveAction(input)}
        toInput={(f) => ({
          functionName,
          maximumRetryAttempts: String(f.get("maximumRetryAttempts") ?? ""),
          maximumEventAgeSeconds: String(f.get("maximumEventAgeSeconds") ?? ""),
          onSuccess: String(f.get("onSuccess") ?? ""),
          onFailure: String(f.get("onFailure") ?? ""),
        })}
        submitLabel="Save asynchronous settings"
        success="Saved."
        className="grid max-w-xl gap-3"
      >
        {(errors) => (
          <>
            {field(
              "maximumRetryAttempts",
              "Retry attempts (0–2)",
              String(config.maximumRetryAttempts),
              errors,
              { type: "number", min: 0, max: 2 },
            )}
            {field(
              "maximumEventAgeSeconds",
              "Maximum event age (60–21600 s)",
              String(config.maximumEventAgeSeconds),
              errors,
              { type: "number", min: 60, max: 21600 },
            )}
            {field("onSuccess", "On success: destination ARN", config.onSuccess ?? "", errors, {
              placeholder: "arn:aws:lambda:…:function:…",
            })}
            {field("onFailure", "On failure: destination ARN", config.onFailure ?? "", errors, {
              placeholder: "arn:aws:lambda:…:function:…",
            })}
          </>
        )}
      </ActionForm>
      {canWrite && config.configured ? (
        <form action={async () => void (await resetAction({ functionName }))}>
          <button type="submit" className={btn}>
            Reset to defaults
          </button>
        </form>
      ) : null}
    </div>
  );
}
