import type { EngineRequest } from "../../http/types";
import { constraintError } from "../../functions/arn";

/** MaxItems as the model bounds it (1–10000); a page never holds more than `cap`, as on AWS. */
export function maxItems(req: EngineRequest, cap = 50): number {
  const raw = req.query.get("MaxItems");
  if (raw === null) return cap;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw constraintError(raw, "maxItems", "Member must have value greater than or equal to 1");
  if (n > 10000)
    throw constraintError(raw, "maxItems", "Member must have value less than or equal to 10000");
  return Math.min(n, cap);
}

export function qualifier(req: EngineRequest): string | undefined {
  return req.query.get("Qualifier") ?? undefined;
}

/** The path parameter, decoded by the server ("arn%3Aaws..." arrives as "arn:aws..."). */
export function param(req: EngineRequest, name: string): string {
  return req.params[name] ?? "";
}
