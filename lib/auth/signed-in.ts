import "server-only";
import { redirect } from "next/navigation";
import type { Role } from "../access/permissions";
import { getSignedInUser, hasAnyRole, type SignedInUser } from "./session";

/**
 * For the console's layout and the pages that explain a refusal: a signed-in user with a role on
 * at least one target, whatever their role on the chosen one (pages check that themselves).
 */
export async function requireSignedIn(): Promise<SignedInUser> {
  const signedIn = await getSignedInUser();
  if (!signedIn) redirect("/login");
  if (!hasAnyRole(signedIn)) redirect("/no-role");
  return signedIn;
}

/** The role the navigation shows links for: admin pages only for admins of every target. */
export function navRole(user: SignedInUser): Role {
  if (user.consoleRole === "admin") return "admin";
  if (user.role === "admin") return "operator";
  return user.role ?? "viewer";
}
