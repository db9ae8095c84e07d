"use client";

import { useState, useTransition } from "react";
import type { ActionResult, FieldErrors } from "@/lib/actions/define-action";
import { Button } from "@/components/ui/button";
import { controlClass, errorId, Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { SettingsFields, type SettingsBinding } from "./settings-fields";
import { CREATE_RUNTIMES, starterFor } from "./starters";
import { createFunctionSchema, fieldForApiError, type CreateFunctionInput } from "./schema";

type Values = Record<keyof CreateFunctionInput, string>;

export interface CreateFunctionFormProps {
  defaults: Values;
  blueprintTitle?: string;
  action: (input: Values) => Promise<ActionResult<void>>;
}

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

  const shown = (key: string) => (touched.has(key) ? errors[key] : undefined);
  const bind: SettingsBinding = {
    value: (key) => values[key],
    onChange: (key, value) => set(key, value),
    errors: shown,
  };
  const text = (key: keyof Values) => (
    <input
      id={key}
      name={key}
      className={controlClass}
      value={values[key]}
      aria-invalid={Boolean(shown(key))}
      aria-describedby={shown(key) ? errorId(key) : undefined}
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
      <Field
        label="Function name"
        htmlFor="functionName"
        hint="1-64 letters, digits, hyphens or underscores"
        errors={shown("functionName")}
      >
        {text("functionName")}
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Runtime" htmlFor="runtime" errors={shown("runtime")}>
          <Select
            id="runtime"
            name="runtime"
            value={values.runtime}
            options={[...new Set([values.runtime, ...CREATE_RUNTIMES])]}
            onChange={(e) => set("runtime", e.target.value)}
          />
        </Field>
        <Field
          label="Handler"
          htmlFor="handler"
          hint="file.function, e.g. index.handler"
          errors={shown("handler")}
        >
          {text("handler")}
        </Field>
      </div>
      <SettingsFields bind={bind} />
      {errors._form ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errors._form.join(" ")}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Creating…" : "Create function"}
      </Button>
    </form>
  );
}
