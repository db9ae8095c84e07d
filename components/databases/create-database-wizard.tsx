"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/define-action";
import { btn, fieldClass } from "@/components/function-page/action-form";
import { ProgressSteps, pollUntil, type Step } from "./progress";

type Status = (input: {
  kind: "instance" | "proxy";
  id: string;
}) => Promise<ActionResult<{ status: string; health?: string }>>;

/** Create a PostgreSQL DB instance: request, then creating → available, shown as it happens. */
export function CreateDatabaseWizard({
  createAction,
  statusAction,
}: {
  createAction: (input: {
    id: string;
    username: string;
    password: string;
  }) => Promise<ActionResult<unknown>>;
  statusAction: Status;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [steps, setSteps] = useState<Step[]>([]);
  return (
    <form
      aria-label="Create database"
      className="space-y-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const input = {
          id: String(f.get("id") ?? ""),
          username: String(f.get("username") ?? ""),
          password: String(f.get("password") ?? ""),
        };
        start(async () => {
          setSteps([{ label: "Create DB instance", state: "running" }]);
          const r = await createAction(input);
          if (!r.ok) {
            setErrors(r.fieldErrors ?? {});
            setSteps([{ label: "Create DB instance", state: "failed", detail: r.message }]);
            return;
          }
          setErrors({});
          setSteps([
            { label: "Create DB instance", state: "done" },
            { label: "Wait until available", state: "running", detail: "creating" },
          ]);
          let last = "creating";
          const ok = await pollUntil(async () => {
            const s = await statusAction({ kind: "instance", id: input.id });
            last = s.ok ? s.data.status : "unknown";
            setSteps([
              { label: "Create DB instance", state: "done" },
              { label: "Wait until available", state: "running", detail: last },
            ]);
            return last === "available" || last === "failed";
          });
          setSteps([
            { label: "Create DB instance", state: "done" },
            {
              label: "Wait until available",
              state: ok && last === "available" ? "done" : "failed",
              detail: last,
            },
          ]);
          router.refresh();
        });
      }}
    >
      <div className="flex flex-wrap gap-3">
        <Field name="id" label="DB instance identifier" errors={errors.id} placeholder="app-db" />
        <Field name="username" label="Master username" errors={errors.username} placeholder="app" />
        <Field name="password" label="Master password" type="password" errors={errors.password} />
      </div>
      <button type="submit" className={btn} disabled={pending}>
        {pending ? "Creating…" : "Create database"}
      </button>
      <ProgressSteps steps={steps} />
    </form>
  );
}

export function Field({
  name,
  label,
  errors,
  type = "text",
  placeholder,
  defaultValue,
}: {
  name: string;
  label: string;
  errors?: string[];
  type?: string;
  placeholder?: string;
  defaultValue?: string;
}) {
  return (
    <label className="flex flex-col gap-1">
      <span>{label}</span>
      <input
        name={name}
        type={type}
        required
        placeholder={placeholder}
        defaultValue={defaultValue}
        aria-invalid={Boolean(errors?.length)}
        className={fieldClass}
      />
      {errors?.map((m) => (
        <span key={m} className="text-red-700 dark:text-red-400">
          {m}
        </span>
      ))}
    </label>
  );
}
