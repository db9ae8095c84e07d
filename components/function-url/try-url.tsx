"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import { btn, fieldClass } from "@/components/function-page/action-form";

interface TryResult {
  status: number;
  headers: [string, string][];
  body: string;
  durationMs: number;
}
export type TryInput = {
  functionName: string;
  method: string;
  path: string;
  body: string;
  contentType: string;
};

/** "Try it": sends one request to the function's URL (through the server) and shows the answer. */
export function TryFunctionUrl({
  functionName,
  tryAction,
}: {
  functionName: string;
  tryAction: (input: TryInput) => Promise<ActionResult<TryResult>>;
}) {
  const [method, setMethod] = useState("GET");
  const [path, setPath] = useState("/");
  const [body, setBody] = useState("");
  const [contentType, setContentType] = useState("application/json");
  const [result, setResult] = useState<ActionResult<TryResult> | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap gap-2">
        <select
          aria-label="Method"
          value={method}
          onChange={(e) => setMethod(e.target.value)}
          className={fieldClass}
        >
          {["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <input
          aria-label="Path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          className={`${fieldClass} min-w-64 flex-1 font-mono`}
        />
        <button
          type="button"
          className={btn}
          disabled={pending}
          onClick={() =>
            start(async () =>
              setResult(await tryAction({ functionName, method, path, body, contentType })),
            )
          }
        >
          {pending ? "Sending…" : "Send request"}
        </button>
      </div>
      {method !== "GET" && method !== "HEAD" ? (
        <div className="space-y-2">
          <input
            aria-label="Content type"
            value={contentType}
            onChange={(e) => setContentType(e.target.value)}
            className={`${fieldClass} w-64`}
          />
          <textarea
            aria-label="Request body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            rows={4}
            className={`${fieldClass} w-full font-mono`}
          />
        </div>
      ) : null}
      {result && !result.ok ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {result.message}
        </p>
      ) : null}
      {result?.ok ? (
        <div data-testid="try-result" className="space-y-2">
          <p>
            Status <strong data-testid="try-status">{result.data.status}</strong> ·{" "}
            {result.data.durationMs} ms
          </p>
          <details>
            <summary>Headers ({result.data.headers.length})</summary>
            <ul className="font-mono text-xs">
              {result.data.headers.map(([k, v], i) => (
                <li key={`${k}-${i}`}>
                  {k}: {v}
                </li>
              ))}
            </ul>
          </details>
          <pre
            data-testid="try-body"
            className="max-h-80 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-950"
          >
            {result.data.body}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
