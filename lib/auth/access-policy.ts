import { loadTargets } from "../targets/load-targets";
import type { EnvVars, Target, TargetConfigProblem } from "../targets/types";
import { consoleWideRole, effectiveGrants, roleOnTarget, type AccessGrant } from "../access/grants";
import type { Role } from "../access/permissions";
import { loadRoleMapping } from "../access/role-map";

export interface AccessPolicy {
  /** The claim holding the groups (AUTH_ROLES_CLAIM). */
  claim: string;
  grants: AccessGrant[];
  targets: Target[];
  problems: TargetConfigProblem[];
}

/** Targets and who gets which role on them, read per call (the file may change while running). */
export function loadAccessPolicy(env: EnvVars = process.env, cwd?: string): AccessPolicy {
  const mapping = loadRoleMapping(env);
  const list = loadTargets({ env, ...(cwd ? { cwd } : {}) });
  const fromEnv = Boolean(env.AUTH_ROLE_MAP?.trim());
  return {
    claim: mapping.claim,
    grants: effectiveGrants(list.grants, mapping, fromEnv),
    targets: list.targets,
    problems: list.problems,
  };
}

export interface TargetRole {
  target: Target;
  role: Role | null;
}

/** The user's role on each target, and the one that holds on all of them. */
export function rolesFor(
  groups: readonly string[],
  policy: AccessPolicy,
): { roles: TargetRole[]; consoleRole: Role | null } {
  const roles = policy.targets.map((target) => ({
    target,
    role: roleOnTarget(groups, target, policy.grants),
  }));
  return { roles, consoleRole: consoleWideRole(roles.map((r) => r.role)) };
}

/** "admin" when the same role holds everywhere, else "developer on local, operator on prod-eu". */
export function describeRoles(roles: readonly TargetRole[]): string {
  const distinct = new Set(roles.map((r) => r.role));
  if (distinct.size === 1) return [...distinct][0] ?? "none";
  const some = roles.filter((r) => r.role !== null);
  if (some.length === 0) return "none";
  return some.map((r) => `${r.role} on ${r.target.id}`).join(", ");
}
