"use client";

import { useActionState, useRef } from "react";
import type { ActionResult, ActionInput } from "@/lib/actions/create-action-client";
import type { Target } from "@/lib/targets/types";
import { TARGET_COLOR_CLASSES } from "../ui/target-colors";

interface Props {
  targets: Pick<Target, "id" | "label" | "environment" | "color">[];
  currentId: string;
  switchAction: (input: ActionInput) => Promise<ActionResult<{ targetId: string }>>;
}

/** The target picker; the choice is stored in a cookie by a server action. */
export function TargetSwitcher({ targets, currentId, switchAction }: Props) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(
    (_previous: ActionResult<{ targetId: string }> | null, form: FormData) => switchAction(form),
    null,
  );
  const current = targets.find((t) => t.id === currentId);
  const colors = TARGET_COLOR_CLASSES[current?.color ?? "gray"];

  return (
    <form ref={formRef} action={formAction} className="flex items-center gap-2">
      <span
        data-testid="current-target"
        data-target-color={current?.color}
        className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ring-inset ${colors.pill}`}
      >
        <span aria-hidden className={`size-2 rounded-full ${colors.dot}`} />
        {current?.environment ?? "unknown"}
      </span>
      <label htmlFor="target-select" className="sr-only">
        Target
      </label>
      <select
        id="target-select"
        name="targetId"
        defaultValue={currentId}
        key={currentId}
        disabled={pending}
        onChange={() => formRef.current?.requestSubmit()}
        className="max-w-64 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.label}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded-md border px-2 py-1 text-sm">
          Switch
        </button>
      </noscript>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
