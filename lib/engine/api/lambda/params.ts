import type { EngineRequest } from "../../http/types";
import { AwsError } from "../../errors/aws-error";
import { constraintError } from "../../functions/arn";
import { namedScope } from "../../http/named-scope";

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

/**
 * The path parameter, decoded by the server ("arn%3Aaws..." arrives as "arn:aws..."). A function
 * ARN of another region than the one the request was signed for is refused as AWS refuses it.
 */
export function param(req: EngineRequest, name: string): string {
  const value = req.params[name] ?? "";
  const named = namedScope(value);
  const region = named?.kind === "function" ? named.region : undefined;
  const signedFor = req.signing?.scope.split("/")[1];
  if (region !== undefined && signedFor !== undefined && region !== signedFor) {
    throw new AwsError(
      404,
      "ResourceNotFoundException",
      `Functions from '${region}' are not reachable in this region ('${signedFor}')`,
      "Message",
    );
  }
  return value;
}
