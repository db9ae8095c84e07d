"use client";

import { useState, useTransition } from "react";
import type { ActionResult, FieldErrors } from "@/lib/actions/define-action";
import { CREATE_RUNTIMES, starterFor } from "./starters";
import { createFunctionSchema, fieldForApiError, type CreateFunctionInput } from "./schema";

type Values = Record<keyof CreateFunctionInput, string>;

export interface CreateFunctionFormProps {
  defaults: Values;
  blueprintTitle?: string;
  action: (input: Values) => Promise<ActionResult<void>>;
}

const input =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-950";

/** Author from scratch: checks the API's rules as you type; the API's refusals show by their field. */
export function CreateFunctionForm({ defaults, blueprintTitle, action }: CreateFunctionFormProps) {
  const [values, setValues] = useState<Values>(defaults);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, start] = useTransition();
  const [touched, setTouched] = useState<Set<string>>(new Set());

  const set = (key: keyof Values, value: string) => {
    const next = { ...values, [key]: value };
    // A new runtime family brings its own starter handler, unless a blueprint set it.
    if (
      key === "runtime" &&
      !blueprintTitle &&
      values.handler === starterFor(values.runtime).handler
    ) {
      next.handler = starterFor(value).handler;
    }
    setValues(next);
    setTouched(new Set(touched).add(key));
    const parsed = createFunctionSchema.safeParse(next);
    const fresh: FieldErrors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const f = String(issue.path[0] ?? "_form");
        (fresh[f] ??= []).push(issue.message);
      }
    }
    setErrors(fresh);
  };

  const submit = () =>
    start(async () => {
      const parsed = createFunctionSchema.safeParse(values);
      if (!parsed.success) {
        const all: FieldErrors = {};
        for (const issue of parsed.error.issues)
          (all[String(issue.path[0] ?? "_form")] ??= []).push(issue.message);
        setErrors(all);
        setTouched(new Set(Object.keys(values)));
        return;
      }
      const result = await action(values);
      if (result.ok) return;
      if (result.fieldErrors) setErrors(result.fieldErrors);
      else setErrors({ [fieldForApiError(result.message)]: [result.message] });
      setTouched(new Set(Object.keys(values)));
    });

  const field = (key: keyof Values, label: string, control: React.ReactNode, hint?: string) => {
    const msgs = touched.has(key) ? errors[key] : undefined;
    return (
      <div className="space-y-1">
        <label htmlFor={key} className="block text-sm font-medium">
          {label}
        </label>
        {control}
        {hint && !msgs ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
        {msgs?.map((m) => (
          <p key={m} id={`${key}-error`} className="text-xs text-red-700 dark:text-red-400">
            {m}
          </p>
        ))}
      </div>
    );
  };
  const text = (key: keyof Values, type = "text") => (
    <input
      id={key}
      name={key}
      type={type}
      className={input}
      value={values[key]}
      aria-invalid={Boolean(touched.has(key) && errors[key])}
      aria-describedby={errors[key] ? `${key}-error` : undefined}
      onChange={(e) => set(key, e.target.value)}
    />
  );

  return (
    <form
      className="max-w-2xl space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {blueprintTitle ? (
        <p className="rounded-md bg-blue-50 p-3 text-sm dark:bg-blue-950/40">
          Code and settings from the blueprint <strong>{blueprintTitle}</strong>.
        </p>
      ) : null}
      {field(
        "functionName",
        "Function name",
        text("functionName"),
        "1-64 letters, digits, hyphens or underscores",
      )}
      <div className="grid grid-cols-2 gap-4">
        {field(
          "runtime",
          "Runtime",
          <select
            id="runtime"
            className={input}
            value={values.runtime}
            onChange={(e) => set("runtime", e.target.value)}
          >
            {[...new Set([values.runtime, ...CREATE_RUNTIMES])].map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>,
        )}
        {field(
          "architecture",
          "Architecture",
          <select
            id="architecture"
            className={input}
            value={values.architecture}
            onChange={(e) => set("architecture", e.target.value)}
          >
            <option value="x86_64">x86_64</option>
            <option value="arm64">arm64</option>
          </select>,
        )}
        {field("memorySize", "Memory (MB)", text("memorySize", "number"), "128 to 10240")}
        {field("timeout", "Timeout (seconds)", text("timeout", "number"), "1 to 900")}
      </div>
      {field("handler", "Handler", text("handler"), "file.function, e.g. index.handler")}
      {field("description", "Description", text("description"))}
      {field(
        "environment",
        "Environment variables",
        <textarea
          id="environment"
          rows={3}
          className={`${input} font-mono`}
          placeholder="KEY=value, one per line"
          value={values.environment}
          aria-invalid={Boolean(touched.has("environment") && errors.environment)}
          onChange={(e) => set("environment", e.target.value)}
        />,
      )}
      {field("role", "Execution role", text("role"), "The role the function runs as")}
      {errors._form ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errors._form.join(" ")}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-60"
      >
        {pending ? "Creating…" : "Create function"}
      </button>
    </form>
  );
}
