"use client";

import { useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/define-action";

import { Button, buttonClass } from "@/components/ui/button";
import { compactControlClass } from "@/components/ui/field";

export { FieldErrors } from "@/components/ui/field";

/** The panels' button and control classes (components/ui), for forms not yet on the primitives. */
export const btn = buttonClass("secondary");
export const fieldClass = compactControlClass;

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
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
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
