"use client";

import { useState, useTransition } from "react";
import { withTypedConfirm } from "@/components/access/typed-confirm";
import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionUrlInfo } from "@/lib/aws/function-urls";
import { btn } from "@/components/function-page/action-form";

/** The URL with a copy button, its settings, and Delete. */
export function FunctionUrlSummary({
  functionName,
  url,
  canWrite,
  deleteAction,
}: {
  functionName: string;
  url: FunctionUrlInfo;
  canWrite: boolean;
  deleteAction: (input: { functionName: string }) => Promise<ActionResult<unknown>>;
}) {
  const [copied, setCopied] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <a
          href={url.url}
          data-testid="function-url"
          className="font-mono text-blue-700 hover:underline dark:text-blue-400"
        >
          {url.url}
        </a>
        <button
          type="button"
          className={btn}
          onClick={() => {
            void navigator.clipboard?.writeText(url.url).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </p>
      <p>
        Auth type <strong data-testid="url-auth-type">{url.authType}</strong> · Invoke mode{" "}
        <strong data-testid="url-invoke-mode">{url.invokeMode}</strong> · CORS{" "}
        <strong>
          {url.cors ? `origins ${url.cors.allowOrigins.join(", ") || "none"}` : "off"}
        </strong>
      </p>
      {canWrite ? (
        <div className="flex items-center gap-3">
          <button
            type="button"
            className={btn}
            disabled={pending}
            onClick={() =>
              start(async () => {
                if (
                  !window.confirm(
                    `Delete the URL of ${functionName}? Clients using it will get errors.`,
                  )
                )
                  return;
                const r = await withTypedConfirm(deleteAction)({ functionName });
                setError(r.ok ? null : r.message);
              })
            }
          >
            Delete function URL
          </button>
          {error ? (
            <span role="alert" className="text-red-700 dark:text-red-400">
              {error}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
