"use client";

import type { ActionResult } from "@/lib/actions/define-action";
import type { PoolSettings } from "@/lib/aws/database-types";
import { ActionForm, fieldClass } from "@/components/function-page/action-form";

type Input = {
  name: string;
  maxConnectionsPercent: string;
  maxIdleConnectionsPercent: string;
  connectionBorrowTimeout: string;
};

/** ModifyDBProxyTargetGroup's ConnectionPoolConfig for the default target group. */
export function PoolSettingsForm({
  name,
  pool,
  action,
}: {
  name: string;
  pool: PoolSettings;
  action: (input: Input) => Promise<ActionResult<unknown>>;
}) {
  const fields = [
    ["maxConnectionsPercent", "Max connections %", pool.maxConnectionsPercent ?? 100],
    ["maxIdleConnectionsPercent", "Max idle connections %", pool.maxIdleConnectionsPercent ?? 50],
    ["connectionBorrowTimeout", "Borrow timeout (s)", pool.connectionBorrowTimeout ?? 120],
  ] as const;
  return (
    <ActionForm
      action={action}
      toInput={(f) => ({
        name,
        maxConnectionsPercent: String(f.get("maxConnectionsPercent") ?? ""),
        maxIdleConnectionsPercent: String(f.get("maxIdleConnectionsPercent") ?? ""),
        connectionBorrowTimeout: String(f.get("connectionBorrowTimeout") ?? ""),
      })}
      submitLabel="Save pool settings"
      success="Pool settings saved."
      className="flex flex-wrap items-end gap-3 text-sm"
    >
      {(errors) =>
        fields.map(([key, label, value]) => (
          <label key={key} className="flex flex-col gap-1">
            <span>{label}</span>
            <input
              name={key}
              type="number"
              defaultValue={value}
              aria-invalid={Boolean(errors[key])}
              className={`${fieldClass} w-28`}
            />
            {errors[key]?.map((m) => (
              <span key={m} className="text-red-700 dark:text-red-400">
                {m}
              </span>
            ))}
          </label>
        ))
      }
    </ActionForm>
  );
}
