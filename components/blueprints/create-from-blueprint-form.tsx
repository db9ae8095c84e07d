"use client";

import { useActionState } from "react";
import type { ActionInput, ActionResult } from "@/lib/actions/create-action-client";

export interface CreateDefaults {
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

const input =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The create form, pre-filled from the blueprint and editable; on success the action redirects. */
export function CreateFromBlueprintForm({ defaults, runtimes, disabled, action }: Props) {
  const [state, formAction, pending] = useActionState(
    (_prev: ActionResult<unknown> | null, form: FormData) => action(form),
    null,
  );
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const fieldError = (name: string) =>
    errors[name]?.length ? (
      <p id={`${name}-error`} className="mt-1 text-xs text-red-700 dark:text-red-400">
        {errors[name]?.join(" ")}
      </p>
    ) : null;
  const described = (name: string) => (errors[name]?.length ? `${name}-error` : undefined);

  return (
    <form
      action={formAction}
      className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <input type="hidden" name="blueprintId" value={defaults.blueprintId} />
      <fieldset disabled={disabled || pending} className="space-y-4">
        <div>
          <label htmlFor="functionName" className="mb-1 block text-sm font-medium">
            Function name
          </label>
          <input
            id="functionName"
            name="functionName"
            defaultValue={defaults.functionName}
            required
            className={input}
            aria-describedby={described("functionName")}
          />
          {fieldError("functionName")}
        </div>
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor="runtime" className="mb-1 block text-sm font-medium">
              Runtime
            </label>
            <select id="runtime" name="runtime" defaultValue={defaults.runtime} className={input}>
              {runtimes.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="handler" className="mb-1 block text-sm font-medium">
              Handler
            </label>
            <input
              id="handler"
              name="handler"
              defaultValue={defaults.handler}
              required
              className={input}
              aria-describedby={described("handler")}
            />
            {fieldError("handler")}
          </div>
          <div>
            <label htmlFor="memorySize" className="mb-1 block text-sm font-medium">
              Memory (MB)
            </label>
            <input
              id="memorySize"
              name="memorySize"
              type="number"
              min={128}
              max={10240}
              defaultValue={defaults.memorySize}
              className={input}
              aria-describedby={described("memorySize")}
            />
            {fieldError("memorySize")}
          </div>
          <div>
            <label htmlFor="timeout" className="mb-1 block text-sm font-medium">
              Timeout (s)
            </label>
            <input
              id="timeout"
              name="timeout"
              type="number"
              min={1}
              max={900}
              defaultValue={defaults.timeout}
              className={input}
              aria-describedby={described("timeout")}
            />
            {fieldError("timeout")}
          </div>
        </div>
        <div>
          <label htmlFor="role" className="mb-1 block text-sm font-medium">
            Execution role ARN
          </label>
          <input
            id="role"
            name="role"
            defaultValue={defaults.role}
            required
            placeholder="arn:aws:iam::123456789012:role/my-function-role"
            className={input}
            aria-describedby={described("role")}
          />
          {fieldError("role")}
        </div>
        <div>
          <label htmlFor="description" className="mb-1 block text-sm font-medium">
            Description
          </label>
          <input
            id="description"
            name="description"
            defaultValue={defaults.description}
            maxLength={256}
            className={input}
          />
        </div>
        <div>
          <label htmlFor="environment" className="mb-1 block text-sm font-medium">
            Environment variables{" "}
            <span className="font-normal text-zinc-500">(KEY=value, one per line)</span>
          </label>
          <textarea
            id="environment"
            name="environment"
            defaultValue={defaults.environment}
            rows={3}
            spellCheck={false}
            className={`${input} font-mono`}
            aria-describedby={described("environment")}
          />
          {fieldError("environment")}
        </div>
        <div>
          <label htmlFor="testEvent" className="mb-1 block text-sm font-medium">
            Test event{" "}
            <span className="font-normal text-zinc-500">
              (saved to the function&apos;s Test tab)
            </span>
          </label>
          <textarea
            id="testEvent"
            name="testEvent"
            defaultValue={defaults.testEvent}
            rows={8}
            spellCheck={false}
            className={`${input} font-mono text-xs`}
            aria-describedby={described("testEvent")}
          />
          {fieldError("testEvent")}
        </div>
      </fieldset>
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={disabled || pending}
        className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {pending ? "Creating…" : "Create function"}
      </button>
    </form>
  );
}
