import "server-only";
import { revalidatePath } from "next/cache";
import { recordAudit } from "../auth/console-stores";
import { authenticate, getSignedInUser } from "../auth/session";
import { getCurrentTarget } from "../targets/current-target";
import { createActionClient, type ActionAuditEvent } from "./create-action-client";

export type { ActionResult, FieldErrors } from "./create-action-client";

async function auditAction(event: ActionAuditEvent): Promise<void> {
  // A refused caller may be signed in without a role; name them rather than "anonymous".
  const signedIn = event.session ? null : await getSignedInUser().catch(() => null);
  const user = event.session?.user ?? signedIn?.user;
  const target =
    event.session?.targetId ??
    (await getCurrentTarget().then(
      (t) => t.current.id,
      () => null,
    ));
  recordAudit({
    actor: user?.id ?? "anonymous",
    actorName: user?.name ?? null,
    role: event.session?.role ?? signedIn?.role ?? null,
    action: event.action,
    target,
    resource: event.resource,
    result: event.result,
    message: event.message,
  });
}

/**
 * The server-action wrapper every action in app/ uses: the Auth.js session (lib/auth/session.ts),
 * the permission, zod, the call, revalidation, and an audit entry for refusals and mutations.
 */
export const defineAction = createActionClient({
  authenticate,
  revalidate: (path) => revalidatePath(path),
  audit: auditAction,
});
