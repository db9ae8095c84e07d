import { invalidParameter } from "../errors/aws-error";
import type { Violations } from "../../lambda-rules/constraints";
import { ENV_KEY_PATTERN, environmentProblems } from "../../lambda-rules/environment";
import { ARCHITECTURES, type Architecture } from "../../lambda-rules/function-fields";

/*
 * The configuration fields' checks that CreateFunction and UpdateFunctionConfiguration share
 * (validate.ts extracts the values): model violations are collected, Lambda's own rules throw.
 */

/** An integer field: a fraction is as wrong as a value out of range (AWS cannot parse it). */
export function checkRange(
  v: Violations,
  value: number,
  field: string,
  r: { min: number; max: number },
) {
  if (!Number.isInteger(value))
    v.add(value, field, `Member must have value greater than or equal to ${r.min}`);
  else v.range(value, field, r);
}

/** Environment: key patterns are model violations (collected); reserved keys and size are not. */
export function collectEnvironmentKeys(v: Violations, vars: Record<string, string>): void {
  for (const p of environmentProblems(vars)) {
    if (p.kind === "key-pattern")
      v.add(
        p.key,
        "environment.variables",
        `Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${ENV_KEY_PATTERN}]`,
      );
  }
}

/** Lambda's own checks after the model's: reserved keys, then the 4 KB total. */
export function checkEnvironmentLimits(vars: Record<string, string>): void {
  for (const p of environmentProblems(vars)) {
    if (p.kind === "reserved")
      throw invalidParameter(
        "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: " +
          p.keys.join(", "),
      );
    if (p.kind === "too-large")
      throw invalidParameter(
        `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${p.measured}`,
      );
  }
}

/** Architectures: a list of exactly one, worded as AWS words a list's member constraint. */
export function collectArchitectures(
  v: Violations,
  list: readonly unknown[],
): Architecture[] | undefined {
  if (list.length > 1)
    v.add(list, "architectures", "Member must have length less than or equal to 1");
  else if (list.length < 1)
    v.add(list, "architectures", "Member must have length greater than or equal to 1");
  else if (!list.every((a) => (ARCHITECTURES as readonly unknown[]).includes(a)))
    v.add(
      list,
      "architectures",
      `Member must satisfy constraint: [Member must satisfy enum value set: [${ARCHITECTURES.join(", ")}], Member must not be null]`,
    );
  return list.length === 1 ? [list[0] as Architecture] : undefined;
}
