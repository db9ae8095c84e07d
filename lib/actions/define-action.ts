import { revalidatePath } from "next/cache";
import { authenticate } from "../auth/session";
import { createActionClient } from "./create-action-client";

export type { ActionResult, ActionInput, FieldErrors } from "./create-action-client";

/**
 * The server-action wrapper every action in app/ uses. Authentication is the placeholder from
 * lib/auth/session.ts until the SSO issue (#6) replaces it there; nothing here changes then.
 */
export const defineAction = createActionClient({
  authenticate,
  revalidate: (path) => revalidatePath(path),
});
