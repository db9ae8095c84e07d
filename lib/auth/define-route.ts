import "server-only";
import { createRouteClient } from "./create-route-client";
import { authenticate } from "./session";

export { publicRoute } from "./create-route-client";

/**
 * The route-handler wrapper every app/**\/route.ts uses (like defineAction for server actions):
 * the Auth.js session and the permission on the target come first, as a JSON 401/403.
 */
export const defineRoute = createRouteClient({ authenticate });
