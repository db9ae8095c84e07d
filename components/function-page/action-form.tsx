"use client";

import { useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/define-action";

export const btn =
  "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
export const fieldClass =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-950";

/**
 * A small form around one server action: shows field errors by name, the refusal message, or a
 * success note. `toInput` turns the FormData into the action's input.
 */
export function ActionForm<I, T>({
  action,
  toInput,
  submitLabel,
  success,
  children,
  className = "space-y-3",
}: {
  action: (input: I) => Promise<ActionResult<T>>;
  toInput: (form: FormData) => I;
  submitLabel: string;
  success: string | ((data: T) => string);
  children: (errors: Record<string, string[]>) => ReactNode;
  className?: string;
}) {
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        start(async () => {
          setNote(null);
          const r = await action(toInput(form));
          if (r.ok) {
            setErrors({});
            setNote({ ok: true, text: typeof success === "string" ? success : success(r.data) });
          } else {
            setErrors(r.fieldErrors ?? {});
            setNote({ ok: false, text: r.message });
          }
        });
      }}
    >
      {children(errors)}
      <div className="flex items-center gap-3">
        <button type="submit" className={btn} disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        {note ? (
          <span
            role={note.ok ? "status" : "alert"}
            className={`text-sm ${note.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
          >
            {note.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function FieldErrors({ errors }: { errors: string[] | undefined }) {
  return errors?.length ? (
    <span className="block text-xs text-red-700 dark:text-red-400">{errors.join(" ")}</span>
  ) : null;
}
