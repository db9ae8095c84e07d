"use client";

import type { ActionResult } from "@/lib/actions/define-action";
import type { LoggingSettings } from "@/lib/aws/monitoring-tools";
import { ActionForm, fieldClass } from "@/components/function-page/action-form";

type Input = {
  functionName: string;
  logFormat: string;
  applicationLogLevel: string;
  systemLogLevel: string;
  logGroup: string;
};

const APPLICATION = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
const SYSTEM = ["DEBUG", "INFO", "WARN"];

/** Edits LoggingConfig: log format, application and system log levels, log group. */
export function LoggingConfigForm({
  functionName,
  settings,
  saveAction,
}: {
  functionName: string;
  settings: LoggingSettings;
  saveAction: (input: Input) => Promise<ActionResult<LoggingSettings>>;
}) {
  const select = (
    name: keyof Input,
    label: string,
    value: string,
    options: string[],
    errors: Record<string, string[]>,
    unset?: string,
  ) => (
    <label className="flex flex-col gap-1">
      <span>{label}</span>
      <select
        name={name}
        defaultValue={value}
        aria-invalid={Boolean(errors[name])}
        className={fieldClass}
      >
        {unset !== undefined ? <option value="">{unset}</option> : null}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      {errors[name]?.map((m) => (
        <span key={m} className="text-red-700 dark:text-red-400">
          {m}
        </span>
      ))}
    </label>
  );
  return (
    <ActionForm
      action={(input: Input) => saveAction(input)}
      toInput={(f) => ({
        functionName,
        logFormat: String(f.get("logFormat") ?? ""),
        applicationLogLevel: String(f.get("applicationLogLevel") ?? ""),
        systemLogLevel: String(f.get("systemLogLevel") ?? ""),
        logGroup: String(f.get("logGroup") ?? ""),
      })}
      submitLabel="Save logging configuration"
      success={(s) => `Saved: ${s.logFormat} logs to ${s.logGroup}.`}
      className="grid max-w-xl gap-3 text-sm"
    >
      {(errors) => (
        <>
          {select("logFormat", "Log format", settings.logFormat, ["Text", "JSON"], errors)}
          {select(
            "applicationLogLevel",
            "Application log level (JSON only)",
            settings.applicationLogLevel ?? "",
            APPLICATION,
            errors,
            "Not set (INFO under JSON)",
          )}
          {select(
            "systemLogLevel",
            "System log level (JSON only)",
            settings.systemLogLevel ?? "",
            SYSTEM,
            errors,
            "Not set (INFO under JSON)",
          )}
          <label className="flex flex-col gap-1">
            <span>Log group</span>
            <input
              name="logGroup"
              defaultValue={settings.logGroup}
              aria-invalid={Boolean(errors.logGroup)}
              className={fieldClass}
              placeholder={`/aws/lambda/${functionName}`}
            />
            {errors.logGroup?.map((m) => (
              <span key={m} className="text-red-700 dark:text-red-400">
                {m}
              </span>
            ))}
          </label>
        </>
      )}
    </ActionForm>
  );
}
