"use client";

import { useEffect, useRef, useState } from "react";
import type { ActionInput, ActionResult } from "@/lib/actions/create-action-client";

interface Request {
  message: string;
  expected: string;
  resolve: (typed: string | null) => void;
}

let open: ((req: Request) => void) | null = null;

/** Asks for the typed confirmation in the dialog the layout mounts; null when cancelled. */
function askTypedConfirmation(message: string, expected: string): Promise<string | null> {
  return new Promise((resolve) => {
    if (!open) resolve(null);
    else open({ message, expected, resolve });
  });
}

function withConfirmation<I>(input: I, confirmation: string): I {
  if (input instanceof FormData) {
    const copy = new FormData();
    for (const [k, v] of input.entries()) copy.append(k, v);
    copy.set("confirmation", confirmation);
    return copy as I;
  }
  return { ...(input as Record<string, unknown>), confirmation } as I;
}

/**
 * Wraps a server action so that when the server asks for a typed confirmation (production guard),
 * the dialog asks for it and the action is called again with it. The server decides, not this.
 */
export function withTypedConfirm<I extends ActionInput | object, T>(
  action: (input: I) => Promise<ActionResult<T>>,
): (input: I) => Promise<ActionResult<T>> {
  return async (input: I) => {
    const first = await action(input);
    if (first.ok || !first.confirm) return first;
    const typed = await askTypedConfirmation(first.message, first.confirm.expected);
    if (typed === null) return { ok: false, message: "Cancelled; nothing was changed." };
    return action(withConfirmation(input, typed));
  };
}

/** The one confirmation dialog, mounted once in the console's layout. */
export function TypedConfirmHost() {
  const [req, setReq] = useState<Request | null>(null);
  const [typed, setTyped] = useState("");
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    open = (r) => {
      setTyped("");
      setReq(r);
    };
    return () => {
      open = null;
    };
  }, []);
  useEffect(() => {
    if (req && !dialog.current?.open) dialog.current?.showModal();
  }, [req]);
  const finish = (value: string | null) => {
    req?.resolve(value);
    setReq(null);
    dialog.current?.close();
  };
  return (
    <dialog
      ref={dialog}
      aria-labelledby="typed-confirm-title"
      onCancel={() => finish(null)}
      className="m-auto w-[28rem] rounded-lg border border-red-300 bg-white p-5 text-sm shadow-xl backdrop:bg-black/40 dark:border-red-800 dark:bg-zinc-900"
    >
      {req ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            finish(typed);
          }}
        >
          <h2 id="typed-confirm-title" className="text-base font-semibold text-red-700">
            Confirm on production
          </h2>
          <p className="mt-2">{req.message}</p>
          <label className="mt-3 block">
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">
              Type <code className="font-semibold">{req.expected}</code>
            </span>
            <input
              autoFocus
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-label="Confirmation"
              className="mt-1 w-full rounded-md border border-zinc-300 px-2 py-1 font-mono dark:border-zinc-700 dark:bg-zinc-950"
            />
          </label>
          <div className="mt-4 flex justify-end gap-2">
            <button
              type="button"
              onClick={() => finish(null)}
              className="rounded-md border border-zinc-300 px-3 py-1 dark:border-zinc-700"
            >
              Cancel
            </button>
            <button
              type="submit"
              disabled={typed.trim() !== req.expected}
              className="rounded-md bg-red-600 px-3 py-1 font-medium text-white disabled:opacity-50"
            >
              Confirm
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
