"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionUrlInfo } from "@/lib/aws/function-urls";
import { ActionForm, FieldErrors, fieldClass } from "@/components/function-page/action-form";

export type SaveUrlInput = Record<
  | "functionName"
  | "authType"
  | "invokeMode"
  | "corsEnabled"
  | "allowOrigins"
  | "allowMethods"
  | "allowHeaders"
  | "exposeHeaders"
  | "allowCredentials"
  | "maxAge",
  string
>;

/** Create or edit the function URL: auth type, invoke mode and CORS. */
export function FunctionUrlForm({
  functionName,
  url,
  saveAction,
}: {
  functionName: string;
  url?: FunctionUrlInfo;
  saveAction: (input: SaveUrlInput) => Promise<ActionResult<unknown>>;
}) {
  const [cors, setCors] = useState(Boolean(url?.cors));
  const c = url?.cors;
  const text = (
    name: string,
    label: string,
    value: string,
    hint: string,
    errors: string[] | undefined,
  ) => (
    <label className="flex flex-col gap-1">
      <span>{label}</span>
      <input name={name} defaultValue={value} placeholder={hint} className={fieldClass} />
      <FieldErrors errors={errors} />
    </label>
  );
  return (
    <ActionForm
      action={saveAction}
      toInput={(f) => ({
        functionName,
        authType: String(f.get("authType") ?? "NONE"),
        invokeMode: String(f.get("invokeMode") ?? "BUFFERED"),
        corsEnabled: f.get("corsEnabled") ? "on" : "off",
        allowOrigins: String(f.get("allowOrigins") ?? ""),
        allowMethods: String(f.get("allowMethods") ?? ""),
        allowHeaders: String(f.get("allowHeaders") ?? ""),
        exposeHeaders: String(f.get("exposeHeaders") ?? ""),
        allowCredentials: f.get("allowCredentials") ? "on" : "off",
        maxAge: String(f.get("maxAge") ?? ""),
      })}
      submitLabel={url ? "Save function URL" : "Create function URL"}
      success={url ? "Function URL saved." : "Function URL created."}
      className="space-y-4 text-sm"
    >
      {(errors) => (
        <>
          <fieldset className="space-y-1">
            <legend className="font-medium">Auth type</legend>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="authType"
                value="AWS_IAM"
                defaultChecked={url?.authType !== "NONE"}
              />
              AWS_IAM: only SigV4-signed requests from identities allowed to invoke
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="authType"
                value="NONE"
                defaultChecked={url?.authType === "NONE"}
              />
              NONE: public; the console adds the resource-policy statement that allows it
            </label>
          </fieldset>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Invoke mode</span>
            <select
              name="invokeMode"
              defaultValue={url?.invokeMode ?? "BUFFERED"}
              className={`${fieldClass} w-60`}
            >
              <option value="BUFFERED">BUFFERED (default)</option>
              <option value="RESPONSE_STREAM">RESPONSE_STREAM</option>
            </select>
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="corsEnabled"
              checked={cors}
              onChange={(e) => setCors(e.target.checked)}
            />
            Configure cross-origin resource sharing (CORS)
          </label>
          {cors ? (
            <div className="grid gap-3 sm:grid-cols-2">
              {text(
                "allowOrigins",
                "Allow origins",
                c?.allowOrigins.join(", ") ?? "*",
                "https://example.com, *",
                errors.allowOrigins,
              )}
              {text(
                "allowMethods",
                "Allow methods",
                c?.allowMethods.join(", ") ?? "*",
                "GET, POST or *",
                errors.allowMethods,
              )}
              {text(
                "allowHeaders",
                "Allow headers",
                c?.allowHeaders.join(", ") ?? "",
                "content-type, x-custom",
                errors.allowHeaders,
              )}
              {text(
                "exposeHeaders",
                "Expose headers",
                c?.exposeHeaders.join(", ") ?? "",
                "x-request-id",
                errors.exposeHeaders,
              )}
              {text(
                "maxAge",
                "Max age (seconds)",
                c?.maxAge === undefined ? "" : String(c.maxAge),
                "0–86400",
                errors.maxAge,
              )}
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  name="allowCredentials"
                  defaultChecked={c?.allowCredentials ?? false}
                />
                Allow credentials
              </label>
            </div>
          ) : null}
        </>
      )}
    </ActionForm>
  );
}
