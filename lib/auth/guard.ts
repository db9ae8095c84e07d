import { authenticate, type Session } from "./session";
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

/** The first line of every page, action and route handler. */
export async function requirePermission(permission: Permission): Promise<Session> {
  return checkPermission(await authenticate(), permission);
}
