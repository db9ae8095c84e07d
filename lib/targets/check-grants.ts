import { ALL_TARGETS, type AccessGrant } from "../access/grants";
import { TARGET_ENVIRONMENTS, type Target, type TargetConfigProblem } from "./types";

function isEnvironment(value: string): boolean {
  return (TARGET_ENVIRONMENTS as readonly string[]).includes(value);
}

/**
 * Drops grants that name a target that does not exist (a typo must not silently grant nothing, nor
 * be read as something else) and says which, so the console shows it and `npm start` refuses.
 */
export function checkGrants(
  source: string,
  grants: readonly AccessGrant[],
  targets: readonly Target[],
): { grants: AccessGrant[]; problems: TargetConfigProblem[] } {
  const ok: AccessGrant[] = [];
  const problems: TargetConfigProblem[] = [];
  grants.forEach((grant, i) => {
    const unknown = grant.targets.filter(
      (t) => t !== ALL_TARGETS && !isEnvironment(t) && !targets.some((x) => x.id === t),
    );
    if (unknown.length === 0) ok.push(grant);
    else
      problems.push({
        source,
        message: `access[${i}] (${grant.group} → ${grant.role}) ignored: ${unknown
          .map((u) => `"${u}"`)
          .join(", ")} is neither a target id nor an environment (${TARGET_ENVIRONMENTS.join(
          ", ",
        )}, or "*")`,
      });
  });
  return { grants: ok, problems };
}
