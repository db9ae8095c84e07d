"use client";

import type { InputHTMLAttributes } from "react";
import { controlClass, errorId, Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";

/** The settings every new function has, zip, image or blueprint. */
export type SettingKey =
  "architecture" | "memorySize" | "timeout" | "description" | "environment" | "role";

/**
 * How the fields read and report: controlled forms give `value` and `onChange`, forms posted as
 * FormData give `defaultValue`. Every control is named by its key.
 */
export interface SettingsBinding {
  value?: (key: SettingKey) => string;
  defaultValue?: (key: SettingKey) => string;
  onChange?: (key: SettingKey, value: string) => void;
  errors: (key: SettingKey) => readonly string[] | undefined;
}

const HINTS: Partial<Record<SettingKey, string>> = {
  memorySize: "128 to 10240",
  timeout: "1 to 900",
  role: "The role the function runs as",
};

/** Memory, timeout, architecture, description, environment variables and the execution role. */
export function SettingsFields({
  bind,
  architecture = true,
  architectureHint,
  inputProps = {},
}: {
  bind: SettingsBinding;
  /** Blueprints choose no architecture: their code runs on either. */
  architecture?: boolean;
  architectureHint?: string;
  /** Extra attributes per control (placeholders, browser-side limits). */
  inputProps?: Partial<Record<SettingKey, InputHTMLAttributes<HTMLInputElement>>>;
}) {
  const control = (key: SettingKey) => {
    const errors = bind.errors(key);
    return {
      id: key,
      name: key,
      ...(bind.value ? { value: bind.value(key) } : { defaultValue: bind.defaultValue?.(key) }),
      ...(bind.onChange
        ? {
            onChange: (e: { target: { value: string } }) => bind.onChange?.(key, e.target.value),
          }
        : {}),
      "aria-invalid": Boolean(errors?.length),
      "aria-describedby": errors?.length ? errorId(key) : undefined,
    };
  };
  const field = (key: SettingKey, label: string, type = "text") => (
    <Field label={label} htmlFor={key} hint={HINTS[key]} errors={bind.errors(key)}>
      <input type={type} className={controlClass} {...control(key)} {...inputProps[key]} />
    </Field>
  );

  return (
    <>
      <div className={`grid gap-4 ${architecture ? "grid-cols-3" : "grid-cols-2"}`}>
        {architecture ? (
          <Field
            label="Architecture"
            htmlFor="architecture"
            hint={architectureHint}
            errors={bind.errors("architecture")}
          >
            <Select options={["x86_64", "arm64"]} {...control("architecture")} />
          </Field>
        ) : null}
        {field("memorySize", "Memory (MB)", "number")}
        {field("timeout", "Timeout (seconds)", "number")}
      </div>
      {field("description", "Description")}
      <Field
        label="Environment variables"
        htmlFor="environment"
        errors={bind.errors("environment")}
      >
        <textarea
          rows={3}
          spellCheck={false}
          className={`${controlClass} font-mono`}
          placeholder="KEY=value, one per line"
          {...control("environment")}
        />
      </Field>
      {field("role", "Execution role")}
    </>
  );
}
