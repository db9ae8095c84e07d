"use client";

import { useActionState } from "react";
import { SettingsFields, type SettingsBinding } from "@/components/function-create/settings-fields";
import { Button } from "@/components/ui/button";
import { controlClass, errorId, Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { ActionInput, ActionResult, FieldErrors } from "@/lib/actions/create-action-client";

interface CreateDefaults {
  blueprintId: string;
  functionName: string;
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  role: string;
  description: string;
  /** KEY=value lines. */
  environment: string;
  testEvent: string;
}

interface Props {
  defaults: CreateDefaults;
  runtimes: readonly string[];
  disabled: boolean;
  action: (input: ActionInput) => Promise<ActionResult<unknown>>;
}

/** The create form, pre-filled from the blueprint and editable; on success the action redirects. */
export function CreateFromBlueprintForm({ defaults, runtimes, disabled, action }: Props) {
  const [state, formAction, pending] = useActionState(
    (_prev: ActionResult<unknown> | null, form: FormData) => action(form),
    null,
  );
  const errors: FieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const described = (name: string) => (errors[name]?.length ? errorId(name) : undefined);
  const bind: SettingsBinding = {
    defaultValue: (key) => (key === "architecture" ? "x86_64" : String(defaults[key])),
    errors: (key) => errors[key],
  };

  return (
    <form
      action={formAction}
      className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <input type="hidden" name="blueprintId" value={defaults.blueprintId} />
      <fieldset disabled={disabled || pending} className="space-y-4">
        <Field label="Function name" htmlFor="functionName" errors={errors.functionName}>
          <input
            id="functionName"
            name="functionName"
            defaultValue={defaults.functionName}
            required
            className={controlClass}
            aria-describedby={described("functionName")}
          />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Runtime" htmlFor="runtime" errors={errors.runtime}>
            <Select
              id="runtime"
              name="runtime"
              defaultValue={defaults.runtime}
              options={runtimes}
            />
          </Field>
          <Field label="Handler" htmlFor="handler" errors={errors.handler}>
            <input
              id="handler"
              name="handler"
              defaultValue={defaults.handler}
              required
              className={controlClass}
              aria-describedby={described("handler")}
            />
          </Field>
        </div>
        <SettingsFields
          bind={bind}
          architecture={false}
          inputProps={{
            memorySize: { min: 128, max: 10240 },
            timeout: { min: 1, max: 900 },
            description: { maxLength: 256 },
            role: {
              required: true,
              placeholder: "arn:aws:iam::123456789012:role/my-function-role",
            },
          }}
        />
        <Field
          label={
            <>
              Test event{" "}
              <span className="font-normal text-zinc-500">
                (saved to the function&apos;s Test tab)
              </span>
            </>
          }
          htmlFor="testEvent"
          errors={errors.testEvent}
        >
          <textarea
            id="testEvent"
            name="testEvent"
            defaultValue={defaults.testEvent}
            rows={8}
            spellCheck={false}
            className={`${controlClass} font-mono text-xs`}
            aria-describedby={described("testEvent")}
          />
        </Field>
      </fieldset>
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={disabled || pending}>
        {pending ? "Creating…" : "Create function"}
      </Button>
    </form>
  );
}
