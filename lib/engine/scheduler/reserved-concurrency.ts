import { invalidParameter } from "../errors/aws-error";
import { constraintError, parseFunctionRef } from "../functions/arn";
import type { FunctionsCore } from "../functions/core";
import { minUnreserved } from "./concurrency";
import { ProvisionedStore } from "./provisioned-store";

/** AWS's answer when a function-level concurrency operation gets a version or alias. */
const FUNCTION_ONLY =
  "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.";

/** Resolves an unqualified function name (404 when missing, 400 for a qualified ARN). */
function requireUnqualified(core: FunctionsCore, rawName: string): string {
  const ref = parseFunctionRef(rawName, undefined, { shape: "FunctionName" });
  if (ref.qualifier !== undefined) throw invalidParameter(FUNCTION_ONLY);
  core.requireFunction(ref.name);
  return ref.name;
}

export function putFunctionConcurrency(
  core: FunctionsCore,
  rawName: string,
  body: Record<string, unknown>,
): { ReservedConcurrentExecutions: number } {
  const name = requireUnqualified(core, rawName);
  const raw = body.ReservedConcurrentExecutions;
  if (raw === undefined || raw === null)
    throw constraintError("null", "reservedConcurrentExecutions", "Member must not be null");
  if (typeof raw !== "number" || !Number.isInteger(raw))
    throw constraintError(raw, "reservedConcurrentExecutions", "Member must be an integer");
  if (raw < 0)
    throw constraintError(
      raw,
      "reservedConcurrentExecutions",
      "Member must have value greater than or equal to 0",
    );
  const limit = core.ctx.config.concurrencyLimit;
  const current = core.store.getFunction(name)?.reservedConcurrency ?? 0;
  const othersReserved = core.store.reservedConcurrencyTotal() - current;
  const provisionedStore = new ProvisionedStore(core.ctx.db);
  // Provisioned of other unreserved functions comes out of the same pool.
  const othersProvisioned =
    provisionedStore.totalUnreserved() -
    (core.store.getFunction(name)?.reservedConcurrency === undefined
      ? provisionedStore.totalFor(name)
      : 0);
  const floor = minUnreserved(limit);
  if (limit - othersReserved - othersProvisioned - raw < floor) {
    throw invalidParameter(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${floor}].`,
    );
  }
  const provisioned = provisionedStore.totalFor(name);
  if (raw < provisioned) {
    throw invalidParameter(
      ` ReservedConcurrentExecutions  ${raw} should not be lower than function's total provisioned concurrency [${provisioned}].`,
    );
  }
  core.ctx.db
    .prepare("UPDATE functions SET reserved_concurrency = ? WHERE name = ?")
    .run(raw, name);
  core.emit(name, "concurrency");
  return { ReservedConcurrentExecutions: raw };
}

export function getFunctionConcurrency(
  core: FunctionsCore,
  rawName: string,
): { ReservedConcurrentExecutions?: number } {
  const name = requireUnqualified(core, rawName);
  const r = core.store.getFunction(name)?.reservedConcurrency;
  return r === undefined ? {} : { ReservedConcurrentExecutions: r };
}

export function deleteFunctionConcurrency(core: FunctionsCore, rawName: string): void {
  const name = requireUnqualified(core, rawName);
  core.ctx.db.prepare("UPDATE functions SET reserved_concurrency = NULL WHERE name = ?").run(name);
  core.emit(name, "concurrency");
}
