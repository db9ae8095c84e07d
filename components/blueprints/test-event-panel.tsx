"use client";

import { useActionState, useState } from "react";
import type { ActionInput, ActionResult } from "@/lib/actions/create-action-client";

interface InvocationView {
  statusCode: number;
  functionError: string | null;
  executedVersion: string | null;
  payload: string;
  logTail: string;
}

interface Props {
  functionName: string;
  events: { name: string; json: string }[];
  action: (input: ActionInput) => Promise<ActionResult<InvocationView>>;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The Test tab: pick a saved event, edit it, invoke; shows the result and the log tail. */
export function TestEventPanel({ functionName, events, action }: Props) {
  const [selected, setSelected] = useState(events[0]?.name ?? "my-event");
  const current = events.find((e) => e.name === selected);
  const [state, formAction, pending] = useActionState(
    (_prev: ActionResult<InvocationView> | null, form: FormData) => action(form),
    null,
  );
  const result = state?.ok ? state.data : null;
  const failed = Boolean(result?.functionError);

  return (
    <section
      aria-labelledby="test-heading"
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="test-heading" className="mb-3 text-lg font-semibold">
        Test
      </h2>
      <form action={formAction} className="space-y-3">
        <input type="hidden" name="functionName" value={functionName} />
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-sm">
            Saved event
            <select
              name="eventName"
              value={selected}
              onChange={(e) => setSelected(e.target.value)}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            >
              {events.length === 0 ? <option value="my-event">my-event (new)</option> : null}
              {events.map((e) => (
                <option key={e.name} value={e.name}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Event JSON</span>
          <textarea
            key={selected}
            name="event"
            defaultValue={current?.json ?? "{}"}
            rows={12}
            spellCheck={false}
            aria-label="Event JSON"
            className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        {state && !state.ok ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {state.fieldErrors?.event?.join(" ") ?? state.message}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          {pending ? "Invoking…" : "Invoke"}
        </button>
      </form>
      {result ? (
        <div data-testid="invocation-result" className="mt-4 space-y-2">
          <p
            role="status"
            className={`text-sm font-medium ${failed ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}
          >
            {failed
              ? `Execution failed (${result.functionError})`
              : `Execution succeeded (status ${result.statusCode}, version ${result.executedVersion ?? "?"})`}
          </p>
          <pre
            aria-label="Response"
            className="max-h-80 overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950"
          >
            {pretty(result.payload)}
          </pre>
          {result.logTail ? (
            <details>
              <summary className="cursor-pointer text-sm">Log output</summary>
              <pre className="max-h-64 overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950">
                {result.logTail}
              </pre>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
