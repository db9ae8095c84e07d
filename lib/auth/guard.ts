import type { Session } from "./session";
import { hasPermission, type Permission } from "./permissions";

/** Thrown when there is no session or the session's role lacks the permission. */
export class PermissionError extends Error {
  override readonly name = "PermissionError";
  constructor(
    readonly permission: Permission,
    readonly reason: "unauthenticated" | "forbidden",
  ) {
    super(
      reason === "unauthenticated"
        ? "You are not signed in."
        : `Your role does not allow this (it needs the "${permission}" permission).`,
    );
  }
}

/** Pure check, used by the guard and by the action wrapper with an injected session. */
export function checkPermission(session: Session | null, permission: Permission): Session {
  if (!session) throw new PermissionError(permission, "unauthenticated");
  if (!hasPermission(session.role, permission)) throw new PermissionError(permission, "forbidden");
  return session;
}

/**
 * The first line of every page, layout and route handler: redirects to sign-in without a session,
 * to /no-role when the user's groups map to no role, and to /not-allowed when the role lacks the
 * permission (Next's redirect() works in all three). Actions use the wrapper, which returns results.
 */
export async function requirePermission(permission: Permission): Promise<Session> {
  // Loaded here, not at the top: checkPermission stays importable (and unit-testable) without Next.
  const [{ redirect }, { getSignedInUser }] = await Promise.all([
    import("next/navigation"),
    import("./session"),
  ]);
  const signedIn = await getSignedInUser();
  if (!signedIn) return redirect("/login");
  if (!signedIn.role) return redirect("/no-role");
  const role = signedIn.role;
  if (!hasPermission(role, permission)) {
    return redirect(`/not-allowed?permission=${encodeURIComponent(permission)}`);
  }
  return { user: signedIn.user, role };
}
