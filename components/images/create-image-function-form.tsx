"use client";

import { useState, useTransition } from "react";
import type { ActionResult, FieldErrors } from "@/lib/actions/define-action";
import { SettingsFields, type SettingsBinding } from "@/components/function-create/settings-fields";
import { Button } from "@/components/ui/button";
import { controlClass, errorId, Field } from "@/components/ui/field";
import { FormSection } from "@/components/ui/form-section";
import { ImagePicker, type CatalogResult } from "./image-picker";
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

  const shown = (key: string) => (touched.has(key) ? errors[key] : undefined);
  const bind: SettingsBinding = {
    value: (key) => values[key],
    onChange: (key, value) => set(key, value),
    errors: shown,
  };
  const text = (key: keyof Values, placeholder?: string) => (
    <input
      id={key}
      name={key}
      placeholder={placeholder}
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
      <Field
        label="Function name"
        htmlFor="functionName"
        hint="1-64 letters, digits, hyphens or underscores"
        errors={shown("functionName")}
      >
        {text("functionName")}
      </Field>
      <Field label="Container image URI" htmlFor="imageUri" errors={shown("imageUri")}>
        <ImagePicker
          catalog={catalog}
          value={values.imageUri}
          invalid={Boolean(shown("imageUri"))}
          onChange={(uri) => set("imageUri", uri)}
        />
      </Field>
      <FormSection legend="Image configuration overrides">
        <Field
          label="Entry point"
          htmlFor="entryPoint"
          hint="Empty keeps the image's ENTRYPOINT"
          errors={shown("entryPoint")}
        >
          {text("entryPoint", '["/var/runtime/bootstrap"] or comma-separated')}
        </Field>
        <Field
          label="Command"
          htmlFor="command"
          hint="Empty keeps the image's CMD"
          errors={shown("command")}
        >
          {text("command", "app.handler")}
        </Field>
        <Field
          label="Working directory"
          htmlFor="workingDirectory"
          hint="Empty keeps the image's WORKDIR"
          errors={shown("workingDirectory")}
        >
          {text("workingDirectory", "/var/task")}
        </Field>
      </FormSection>
      <SettingsFields bind={bind} architectureHint="Must match the image" />
      {errors._form ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errors._form.join(" ")}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Creating… (pulling the image)" : "Create function"}
      </Button>
    </form>
  );
}
