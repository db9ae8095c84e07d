import "server-only";
import { getConsoleStores } from "./console-stores";
import { TARGET_COOKIE } from "../targets/current-target";
import { LOCAL_TARGET_ID } from "../targets/local-target";
import type { Target, TargetEnvironment } from "../targets/types";
import { loadAccessPolicy, rolesFor, type TargetRole } from "./access-policy";
import { auth } from "./auth";
import type { Role } from "../access/permissions";
import { loadOidcSettings } from "./settings";
import { currentGroups } from "./external-session";
import { loadRoleMapping } from "../access/role-map";
import { loadSessionPolicy, sessionExpired } from "./session-policy";

export interface Session {
  user: { id: string; name: string; email?: string };
  /** The role on the target this request acts on (null: none there). */
  role: Role | null;
  /** That target's id and environment (production asks for typed confirmations). */
  targetId: string;
  targetEnvironment: TargetEnvironment;
  /** The role that holds on every target: console-wide permissions (admin) are checked on it. */
  consoleRole: Role | null;
}

/** A session whose role on its target is known to exist (what requirePermission returns). */
export type AuthorizedSession = Session & { role: Role };

/** Whoever is signed in, with their role on each target (a user whose groups map to none has none). */
export interface SignedInUser {
  user: Session["user"];
  groups: string[];
  /** The role on `target`. */
  role: Role | null;
  target: Target;
  roles: TargetRole[];
  consoleRole: Role | null;
}

async function chosenTargetId(): Promise<string> {
  const { cookies } = await import("next/headers");
  return (await cookies()).get(TARGET_COOKIE)?.value ?? LOCAL_TARGET_ID;
}

/**
 * The Auth.js session with the role on `targetId` (default: the target chosen in this browser),
 * computed from its groups under the current access configuration on every request.
 */
export async function getSignedInUser(targetId?: string): Promise<SignedInUser | null> {
  const s = await auth();
  const id = s?.user?.id;
  if (!s || !id) return null;
  const stores = getConsoleStores();
  if (stores.revocations.isRevoked(id, s.signedInAt)) return null;
  const policy = loadSessionPolicy();
  if (sessionExpired(s.signedInAt, policy)) return null;
  let groups = s.groups ?? [];
  const oidc = loadOidcSettings();
  // With the embedded IdP the console reads its user store directly: a removed user is signed out
  // and changed groups apply at once, instead of when the 8-hour session ends.
  if (oidc.embedded) {
    const local = stores.users.get(id);
    if (!local) return null;
    groups = local.groups;
  } else {
    // External IdP: groups re-read at least every 5 minutes, so a removal there applies here.
    if (!s.sid) return null;
    const fresh = await currentGroups(
      s.sid,
      {
        issuer: oidc.issuer,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        claim: loadRoleMapping().claim,
      },
      policy,
    );
    if (!fresh) return null;
    groups = fresh;
  }
  const { roles, consoleRole } = rolesFor(groups, loadAccessPolicy());
  const wanted = targetId ?? (await chosenTargetId());
  const here =
    roles.find((r) => r.target.id === wanted) ??
    roles.find((r) => r.target.id === LOCAL_TARGET_ID) ??
    roles[0];
  if (!here) return null;
  return {
    user: { id, name: s.user?.name || id, ...(s.user?.email ? { email: s.user.email } : {}) },
    groups,
    role: here.role,
    target: here.target,
    roles,
    consoleRole,
  };
}

/** True when the user has a role on at least one target (else the "no role" page). */
export function hasAnyRole(user: SignedInUser): boolean {
  return user.roles.some((r) => r.role !== null);
}

/** The one way code asks "who is this, and what may they do on this target?": null when signed out. */
export async function authenticate(targetId?: string): Promise<Session | null> {
  const signedIn = await getSignedInUser(targetId);
  if (!signedIn) return null;
  return {
    user: signedIn.user,
    role: signedIn.role,
    targetId: signedIn.target.id,
    targetEnvironment: signedIn.target.environment,
    consoleRole: signedIn.consoleRole,
  };
}
