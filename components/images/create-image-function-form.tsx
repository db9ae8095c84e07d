"use client";

import { useState, useTransition } from "react";
import type { ActionResult, FieldErrors } from "@/lib/actions/define-action";
import { ImagePicker, inputClass, type CatalogResult } from "./image-picker";
import {
  createImageFunctionSchema,
  imageFieldForApiError,
  type CreateImageFunctionInput,
} from "./schema";

type Values = Record<keyof CreateImageFunctionInput, string>;

function issuesOf(values: Values): FieldErrors {
  const parsed = createImageFunctionSchema.safeParse(values);
  const out: FieldErrors = {};
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      (out[String(issue.path[0] ?? "_form")] ??= []).push(issue.message);
  return out;
}

/**
 * Create → Container image: the image (picked or pasted), ImageConfig overrides, architecture and
 * the usual settings. Checks Lambda's rules as you type; the API's refusals show by their field.
 */
export function CreateImageFunctionForm({
  defaults,
  catalog,
  action,
}: {
  defaults: Values;
  catalog: CatalogResult;
  action: (input: Values) => Promise<ActionResult<void>>;
}) {
  const [values, setValues] = useState<Values>(defaults);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [pending, start] = useTransition();

  const set = (key: keyof Values, value: string) => {
    const next = { ...values, [key]: value };
    setValues(next);
    setTouched(new Set(touched).add(key));
    setErrors(issuesOf(next));
  };
  const submit = () =>
    start(async () => {
      const all = issuesOf(values);
      setTouched(new Set(Object.keys(values)));
      if (Object.keys(all).length > 0) return setErrors(all);
      const result = await action(values);
      if (result.ok) return;
      setErrors(
        result.fieldErrors ?? { [imageFieldForApiError(result.message)]: [result.message] },
      );
    });

  const field = (
    key: keyof Values | "_none",
    label: string,
    control: React.ReactNode,
    hint?: string,
  ) => {
    const msgs = key !== "_none" && touched.has(key) ? errors[key] : undefined;
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
  const text = (key: keyof Values, type = "text", placeholder?: string) => (
    <input
      id={key}
      name={key}
      type={type}
      placeholder={placeholder}
      className={inputClass}
      value={values[key]}
      aria-invalid={Boolean(touched.has(key) && errors[key])}
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
      {field(
        "functionName",
        "Function name",
        text("functionName"),
        "1-64 letters, digits, hyphens or underscores",
      )}
      {field(
        "imageUri",
        "Container image URI",
        <ImagePicker
          catalog={catalog}
          value={values.imageUri}
          invalid={Boolean(touched.has("imageUri") && errors.imageUri)}
          onChange={(uri) => set("imageUri", uri)}
        />,
      )}
      <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Image configuration overrides</legend>
        {field(
          "entryPoint",
          "Entry point",
          text("entryPoint", "text", '["/var/runtime/bootstrap"] or comma-separated'),
          "Empty keeps the image's ENTRYPOINT",
        )}
        {field(
          "command",
          "Command",
          text("command", "text", "app.handler"),
          "Empty keeps the image's CMD",
        )}
        {field(
          "workingDirectory",
          "Working directory",
          text("workingDirectory", "text", "/var/task"),
          "Empty keeps the image's WORKDIR",
        )}
      </fieldset>
      <div className="grid grid-cols-3 gap-4">
        {field(
          "architecture",
          "Architecture",
          <select
            id="architecture"
            className={inputClass}
            value={values.architecture}
            onChange={(e) => set("architecture", e.target.value)}
          >
            <option value="x86_64">x86_64</option>
            <option value="arm64">arm64</option>
          </select>,
          "Must match the image",
        )}
        {field("memorySize", "Memory (MB)", text("memorySize", "number"), "128 to 10240")}
        {field("timeout", "Timeout (seconds)", text("timeout", "number"), "1 to 900")}
      </div>
      {field("description", "Description", text("description"))}
      {field(
        "environment",
        "Environment variables",
        <textarea
          id="environment"
          rows={3}
          className={`${inputClass} font-mono`}
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
        {pending ? "Creating… (pulling the image)" : "Create function"}
      </button>
    </form>
  );
}
