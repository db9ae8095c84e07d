import type { AuthorizedSession, Session } from "./session";
import { hasPermission, type Permission, type Role } from "../access/permissions";

/** Console-wide permissions: checked on the role that holds on every target (lib/access/grants.ts). */
const CONSOLE_WIDE: readonly Permission[] = ["admin"];

/** Thrown when there is no session or the session's role lacks the permission. */
export class PermissionError extends Error {
  override readonly name = "PermissionError";
  constructor(
    readonly permission: Permission,
    readonly reason: "unauthenticated" | "forbidden",
    targetId?: string,
  ) {
    super(
      reason === "unauthenticated"
        ? "You are not signed in."
        : targetId
          ? `Your role on target "${targetId}" does not allow this (it needs the "${permission}" permission).`
          : `Your role does not allow this (it needs the "${permission}" permission).`,
    );
  }
}

/** The role a permission is checked against: the target's, or the console-wide one. */
function roleFor(session: Session, permission: Permission): Role | null {
  return CONSOLE_WIDE.includes(permission) ? session.consoleRole : session.role;
}

/** Pure check, used by the guard and by the action wrapper with an injected session. */
export function checkPermission(
  session: Session | null,
  permission: Permission,
): AuthorizedSession {
  if (!session) throw new PermissionError(permission, "unauthenticated");
  const role = roleFor(session, permission);
  const consoleWide = CONSOLE_WIDE.includes(permission);
  if (!role || !hasPermission(role, permission) || !session.role)
    throw new PermissionError(permission, "forbidden", consoleWide ? undefined : session.targetId);
  return { ...session, role: session.role };
}

/**
 * The first line of every page and layout: redirects to sign-in without a session, to /no-role when
 * the user's groups map to no role on any target, and to /not-allowed when the role on the target
 * (the one chosen, or `targetId`) lacks the permission. Actions use the wrapper; route handlers
 * use defineRoute (define-route.ts).
 */
export async function requirePermission(
  permission: Permission,
  targetId?: string,
): Promise<AuthorizedSession> {
  // Loaded here, not at the top: checkPermission stays importable (and unit-testable) without Next.
  const [{ redirect }, { getSignedInUser, hasAnyRole }] = await Promise.all([
    import("next/navigation"),
    import("./session"),
  ]);
  const signedIn = await getSignedInUser(targetId);
  if (!signedIn) return redirect("/login");
  if (!hasAnyRole(signedIn)) return redirect("/no-role");
  const session: Session = {
    user: signedIn.user,
    role: signedIn.role,
    targetId: signedIn.target.id,
    targetEnvironment: signedIn.target.environment,
    consoleRole: signedIn.consoleRole,
  };
  try {
    return checkPermission(session, permission);
  } catch {
    return redirect(`/not-allowed?permission=${encodeURIComponent(permission)}`);
  }
}
