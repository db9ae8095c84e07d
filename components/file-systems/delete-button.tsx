"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { withTypedConfirm } from "@/components/access/typed-confirm";
import type { ActionResult } from "@/lib/actions/define-action";
import { btn } from "@/components/function-page/action-form";

/** A confirmed delete through one server action; the page refreshes when it succeeds. */
export function DeleteButton<I extends object>({
  action,
  input,
  label,
  confirmText,
}: {
  action: (input: I) => Promise<ActionResult<unknown>>;
  input: I;
  label: string;
  confirmText: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={`${btn} text-red-700 dark:text-red-400`}
        disabled={pending}
        aria-label={label}
        onClick={() => {
          if (!window.confirm(confirmText)) return;
          start(async () => {
            const r = await withTypedConfirm(action)(input);
            if (r.ok) {
              setError(null);
              router.refresh();
            } else setError(r.message);
          });
        }}
      >
        {pending ? "Deleting…" : "Delete"}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </span>
  );
}
