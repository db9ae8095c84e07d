"use client";

import { useActionState, type ReactNode } from "react";

type Result =
  | { ok: true; data: { message: string } }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** A form bound to one users action, showing its message (e.g. a one-time password) after submit. */
export function UserActionForm({
  action,
  children,
  label,
  className,
}: {
  action: (form: FormData) => Promise<Result>;
  children?: ReactNode;
  label: string;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(
    async (_prev: Result | null, form: FormData) => action(form),
    null,
  );
  return (
    <form action={formAction} className={className ?? "flex flex-wrap items-end gap-2"}>
      {children}
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {label}
      </button>
      {state ? (
        <p
          role="status"
          className={`w-full text-sm ${state.ok ? "text-green-700 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}
        >
          {state.ok ? state.data.message : state.message}
        </p>
      ) : null}
    </form>
  );
}
