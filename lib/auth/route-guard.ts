import "server-only";
import { checkPermission, PermissionError } from "./guard";
import type { Permission } from "./permissions";
import { authenticate, type AuthorizedSession } from "./session";

/**
 * The first line of every route handler: the session and the permission on the target the handler
 * acts on (default: the chosen one), as a JSON 401/403 rather than a redirect.
 */
export async function guardRoute(
  permission: Permission,
  targetId?: string,
): Promise<{ ok: true; session: AuthorizedSession } | { ok: false; response: Response }> {
  const session = await authenticate(targetId);
  try {
    return { ok: true, session: checkPermission(session, permission) };
  } catch (err) {
    if (!(err instanceof PermissionError)) throw err;
    const status = err.reason === "unauthenticated" ? 401 : 403;
    return { ok: false, response: Response.json({ message: err.message }, { status }) };
  }
}
