import { z } from "zod";
import { ROLES, type Role } from "./permissions";
import { DEFAULT_ROLE_MAP, type RoleMapping } from "./role-map";

/**
 * One line of the targets file's `access` list: members of `group` get `role` on `targets`, each a
 * target id, an environment label (local, development, staging, production) or "*" (every target).
 */
export const accessGrantSchema = z
  .object({
    group: z.string().trim().min(1, "name the IdP group"),
    role: z.enum(ROLES, { error: `one of ${ROLES.join(", ")}` }),
    targets: z.array(z.string().trim().min(1)).min(1, "list at least one target").default(["*"]),
  })
  .strict();

export type AccessGrant = z.output<typeof accessGrantSchema>;

/** A grant's `targets` entry that covers every target. */
export const ALL_TARGETS = "*";

/** What a grant can name a target by (a Target is one). */
interface GrantScope {
  id: string;
  environment: string;
}

/**
 * The grants in force. AUTH_ROLE_MAP (when set) applies on every target; the targets file's
 * `access` list adds to it. With neither, the default lambda-* groups apply on every target.
 */
export function effectiveGrants(
  fileGrants: readonly AccessGrant[],
  mapping: RoleMapping,
  roleMapFromEnv: boolean,
): AccessGrant[] {
  const everywhere = (groups: Readonly<Record<string, Role>>): AccessGrant[] =>
    Object.entries(groups).map(([group, role]) => ({ group, role, targets: [ALL_TARGETS] }));
  if (roleMapFromEnv) return [...everywhere(mapping.groups), ...fileGrants];
  if (fileGrants.length > 0) return [...fileGrants];
  return everywhere(DEFAULT_ROLE_MAP);
}

function grantCovers(grant: AccessGrant, target: GrantScope): boolean {
  return grant.targets.some(
    (t) => t === ALL_TARGETS || t === target.id || t === target.environment,
  );
}

/** The strongest role any of the user's groups gets on this target, or null. */
export function roleOnTarget(
  groups: readonly string[],
  target: GrantScope,
  grants: readonly AccessGrant[],
): Role | null {
  let best = -1;
  for (const grant of grants) {
    if (!groups.includes(grant.group) || !grantCovers(grant, target)) continue;
    best = Math.max(best, ROLES.indexOf(grant.role));
  }
  return ROLES[best] ?? null;
}

/**
 * The role that holds on every target: what console-wide pages (users, audit, access) check, so an
 * admin of the local engine alone cannot give themselves production through the user store.
 */
export function consoleWideRole(roles: readonly (Role | null)[]): Role | null {
  if (roles.length === 0 || roles.some((r) => r === null)) return null;
  const lowest = Math.min(...roles.map((r) => ROLES.indexOf(r as Role)));
  return ROLES[lowest] ?? null;
}
