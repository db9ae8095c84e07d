"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/define-action";
import { btn, fieldClass } from "../function-page/action-form";

export interface LayerChoice {
  arn: string;
  label: string;
  compatible: boolean;
}

/** The function's layers in order: add (picker or ARN), remove, move up/down, then save. */
export function FunctionLayersEditor({
  functionName,
  initial,
  choices,
  canWrite,
  action,
}: {
  functionName: string;
  initial: { arn: string; codeSize: number }[];
  choices: LayerChoice[];
  canWrite: boolean;
  action: (input: {
    functionName: string;
    layers: string[];
  }) => Promise<ActionResult<{ functionName: string; layers: string[] }>>;
}) {
  const router = useRouter();
  const [layers, setLayers] = useState(initial.map((l) => l.arn));
  // Saved layers come back as new props (router.refresh): the edit starts over from them, and
  // the "Layers saved." note stays (a remount keyed on them dropped it, sometimes before it showed).
  const initialKey = initial.map((l) => l.arn).join("\n");
  const [shown, setShown] = useState(initialKey);
  if (shown !== initialKey) {
    setShown(initialKey);
    setLayers(initial.map((l) => l.arn));
  }
  const [picked, setPicked] = useState("");
  const [typed, setTyped] = useState("");
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const changed = layers.join("\n") !== initialKey;
  const sizes = new Map(initial.map((l) => [l.arn, l.codeSize]));

  const move = (i: number, d: -1 | 1) =>
    setLayers((ls) => {
      const next = [...ls];
      const [x] = next.splice(i, 1);
      if (x !== undefined) next.splice(i + d, 0, x);
      return next;
    });
  const add = (arn: string) => {
    const a = arn.trim();
    if (a && !layers.includes(a)) setLayers((ls) => [...ls, a]);
  };

  return (
    <div className="space-y-3 text-sm">
      {layers.length === 0 ? (
        <p className="text-zinc-500">No layers: /opt is empty.</p>
      ) : (
        <ol aria-label="Function layers" className="space-y-1">
          {layers.map((arn, i) => (
            <li key={arn} className="flex flex-wrap items-center gap-2">
              <span className="w-5 text-zinc-500">{i + 1}.</span>
              <span className="font-mono text-xs">{arn}</span>
              {sizes.has(arn) ? (
                <span className="text-xs text-zinc-500">{sizes.get(arn)} bytes</span>
              ) : (
                <span className="text-xs text-amber-700">not saved</span>
              )}
              {canWrite ? (
                <span className="flex gap-1">
                  <button
                    type="button"
                    className={btn}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={`Move ${arn} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className={btn}
                    disabled={i === layers.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={`Move ${arn} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className={btn}
                    onClick={() => setLayers((ls) => ls.filter((x) => x !== arn))}
                    aria-label={`Remove ${arn}`}
                  >
                    Remove
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {canWrite ? (
        <>
          <p className="text-xs text-zinc-500">
            Later layers override earlier ones where their files have the same path. At most 5.
          </p>
          <div className="flex flex-wrap items-end gap-2">
            <label className="flex flex-col text-xs">
              Add a layer
              <select
                aria-label="Layer to add"
                className={fieldClass}
                value={picked}
                onChange={(e) => setPicked(e.target.value)}
              >
                <option value="">Choose a layer version…</option>
                {choices.map((c) => (
                  <option key={c.arn} value={c.arn}>
                    {c.label}
                    {c.compatible ? "" : " (not marked compatible)"}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className={btn}
              disabled={!picked}
              onClick={() => {
                add(picked);
                setPicked("");
              }}
            >
              Add layer
            </button>
            <label className="flex flex-col text-xs">
              or by ARN
              <input
                aria-label="Layer version ARN"
                className={`${fieldClass} w-96 font-mono`}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                placeholder="arn:aws:lambda:us-east-1:123456789012:layer:name:1"
              />
            </label>
            <button
              type="button"
              className={btn}
              disabled={!typed.trim()}
              onClick={() => {
                add(typed);
                setTyped("");
              }}
            >
              Add ARN
            </button>
          </div>
          <div className="flex items-center gap-3">
            <button
              type="button"
              className={btn}
              disabled={!changed || pending}
              onClick={() =>
                start(async () => {
                  setNote(null);
                  const r = await action({ functionName, layers });
                  if (r.ok) {
                    setNote({ ok: true, text: "Layers saved." });
                    router.refresh();
                  } else {
                    const field = r.fieldErrors ? Object.values(r.fieldErrors).flat() : [];
                    setNote({ ok: false, text: [r.message, ...field].join(" ") });
                  }
                })
              }
            >
              {pending ? "Saving…" : "Save layers"}
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
        </>
      ) : null}
    </div>
  );
}
