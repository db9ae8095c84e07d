import { ROLES, isRole, type Role } from "./permissions";

export const DEFAULT_ROLE_MAP: Readonly<Record<string, Role>> = {
  "lambda-admins": "admin",
  "lambda-operators": "operator",
  "lambda-developers": "developer",
  "lambda-viewers": "viewer",
};

export interface RoleMapping {
  /** The ID-token / userinfo claim holding the groups; dots walk into objects (Keycloak's realm_access.roles). */
  claim: string;
  /** IdP group name (or id, e.g. Entra ID object ids) → role. */
  groups: Readonly<Record<string, Role>>;
}

/** AUTH_ROLES_CLAIM (default "groups") and AUTH_ROLE_MAP (JSON object group → role). Throws on a bad map. */
export function loadRoleMapping(
  env: Readonly<Record<string, string | undefined>> = process.env,
): RoleMapping {
  const claim = env.AUTH_ROLES_CLAIM?.trim() || "groups";
  const raw = env.AUTH_ROLE_MAP?.trim();
  if (!raw) return { claim, groups: DEFAULT_ROLE_MAP };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`AUTH_ROLE_MAP is not valid JSON: ${raw}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error('AUTH_ROLE_MAP must be a JSON object like {"my-group":"admin"}');
  }
  const groups: Record<string, Role> = {};
  for (const [group, role] of Object.entries(parsed)) {
    if (!isRole(role))
      throw new Error(
        `AUTH_ROLE_MAP: "${group}" maps to "${String(role)}"; roles are ${ROLES.join(", ")}`,
      );
    groups[group] = role;
  }
  return { claim, groups };
}

/** The groups in a claim set: an array of strings, one string, or a comma/space separated string. */
export function readGroupsClaim(
  claims: Readonly<Record<string, unknown>>,
  claim: string,
): string[] {
  // An exact key first: Auth0's namespaced claims ("https://example.com/groups") contain dots.
  let value: unknown = claims[claim];
  if (!Object.hasOwn(claims, claim)) {
    value = claims;
    for (const part of claim.split(".")) {
      if (typeof value !== "object" || value === null) return [];
      value = (value as Record<string, unknown>)[part];
    }
  }
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The strongest role any of the groups maps to, or null when none maps (the "no role" page). */
export function resolveRole(groups: readonly string[], mapping: RoleMapping): Role | null {
  let best = -1;
  for (const g of groups) {
    const role = Object.hasOwn(mapping.groups, g) ? mapping.groups[g] : undefined;
    if (role) best = Math.max(best, ROLES.indexOf(role));
  }
  return ROLES[best] ?? null;
}
