"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/define-action";
import { btn } from "@/components/function-page/action-form";
import { pollUntil } from "./progress";

/** Delete after a confirmation; shows "deleting" until the resource is gone. */
export function DeleteButton({
  label,
  confirmText,
  run,
  gone,
}: {
  label: string;
  confirmText: string;
  run: () => Promise<ActionResult<unknown>>;
  gone: () => Promise<boolean>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [note, setNote] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={btn}
        disabled={pending}
        onClick={() => {
          if (!window.confirm(confirmText)) return;
          start(async () => {
            setNote("Deleting…");
            const r = await run();
            if (!r.ok) return setNote(r.message);
            const done = await pollUntil(gone, 1000, 120);
            setNote(done ? "Deleted." : "Still deleting…");
            router.refresh();
          });
        }}
      >
        {label}
      </button>
      {note ? (
        <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {note}
        </span>
      ) : null}
    </span>
  );
}
