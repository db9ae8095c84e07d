import { getConsoleStores } from "../audit/console-audit";
import { auth } from "./auth";
import type { Role } from "./permissions";
import { loadRoleMapping, resolveRole } from "./role-map";
import { loadOidcSettings } from "./settings";

export interface Session {
  user: { id: string; name: string; email?: string };
  role: Role;
}

/** Whoever is signed in, with or without a role (a user whose groups map to none gets role null). */
export interface SignedInUser {
  user: Session["user"];
  groups: string[];
  role: Role | null;
}

/** The Auth.js session, with the role computed from its groups under the current AUTH_ROLE_MAP. */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const s = await auth();
  const id = s?.user?.id;
  if (!s || !id) return null;
  const stores = getConsoleStores();
  if (stores.revocations.isRevoked(id, s.signedInAt)) return null;
  let groups = s.groups ?? [];
  // With the embedded IdP the console reads its user store directly: a removed user is signed out
  // and changed groups apply at once, instead of when the 8-hour session ends.
  if (loadOidcSettings().embedded) {
    const local = stores.users.get(id);
    if (!local) return null;
    groups = local.groups;
  }
  return {
    user: { id, name: s.user?.name || id, ...(s.user?.email ? { email: s.user.email } : {}) },
    groups,
    role: resolveRole(groups, loadRoleMapping()),
  };
}

/** The one way code asks "who is this?": null when nobody is signed in or the user has no role. */
export async function authenticate(): Promise<Session | null> {
  const signedIn = await getSignedInUser();
  if (!signedIn?.role) return null;
  return { user: signedIn.user, role: signedIn.role };
}
