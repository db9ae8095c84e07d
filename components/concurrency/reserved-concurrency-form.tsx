"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import { useState } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import { ActionForm, btn, fieldClass } from "@/components/function-page/action-form";

/**
 * Reserve or release concurrency. The account's unreserved figure is shown, and the floor
 * (100 stay unreserved) is checked before submit; the engine or AWS checks it again.
 */
export function ReservedConcurrencyForm({
  functionName,
  reserved,
  unreserved,
  maxReservable,
  canWrite,
  setAction,
  removeAction,
}: {
  functionName: string;
  reserved?: number;
  unreserved: number;
  maxReservable: number;
  canWrite: boolean;
  setAction: (input: {
    functionName: string;
    reserved: string;
  }) => Promise<ActionResult<{ reserved: number }>>;
  removeAction: (input: { functionName: string }) => Promise<ActionResult<unknown>>;
}) {
  const [value, setValue] = useState(reserved === undefined ? "" : String(reserved));
  const n = Number(value);
  const overFloor = value !== "" && Number.isInteger(n) && n > maxReservable;
  return (
    <div className="space-y-3 text-sm">
      <p>
        Reserved:{" "}
        <strong data-testid="reserved-value">
          {reserved === undefined ? "none (uses the unreserved pool)" : reserved}
        </strong>
        {" · "}Account unreserved concurrency:{" "}
        <strong data-testid="unreserved-value">{unreserved}</strong>
      </p>
      {canWrite ? (
        <ActionForm
          action={(input: { functionName: string; reserved: string }) =>
            withTypedConfirm(setAction)(input)
          }
          toInput={(f) => ({ functionName, reserved: String(f.get("reserved") ?? "") })}
          submitLabel="Save reserved concurrency"
          success={(d) => `Reserved concurrency is now ${d.reserved}.`}
        >
          {(errors) => (
            <label className="flex flex-col gap-1">
              <span>
                Reserve concurrency (0 throttles every invoke; at most {maxReservable} so 100 stay
                unreserved)
              </span>
              <input
                name="reserved"
                type="number"
                min={0}
                max={maxReservable}
                required
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={overFloor || Boolean(errors.reserved)}
                className={`${fieldClass} w-40`}
              />
              {overFloor ? (
                <span role="alert" className="text-red-700 dark:text-red-400">
                  At most {maxReservable}: the account must keep its unreserved minimum.
                </span>
              ) : null}
              {errors.reserved?.map((m) => (
                <span key={m} className="text-red-700 dark:text-red-400">
                  {m}
                </span>
              ))}
            </label>
          )}
        </ActionForm>
      ) : null}
      {canWrite && reserved !== undefined ? (
        <form
          action={async () => {
            await removeAction({ functionName });
          }}
        >
          <button type="submit" className={btn}>
            Remove reservation
          </button>
        </form>
      ) : null}
    </div>
  );
}
