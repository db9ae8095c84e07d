import { checkPermission, PermissionError } from "./guard";
import type { Permission } from "../access/permissions";
import type { AuthorizedSession, Session } from "./session";

/** What Next passes a route handler as its second argument (params are a promise since Next 15). */
interface RouteContext<P> {
  params: Promise<P>;
}

export type RouteHandler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

export interface RouteDefinition<P> {
  permission: Permission;
  /** The target the role is checked on, when it is not the one chosen in the browser. */
  target?: string;
  run: (request: Request, ctx: { session: AuthorizedSession; params: P }) => Promise<Response>;
}

/**
 * Builds the route-handler wrapper: the session and the permission are checked before the handler
 * runs (a JSON 401/403, not a redirect: callers are fetch() and downloads). Dependencies are
 * injected so tests can run it outside Next with any session.
 */
export function createRouteClient(deps: {
  authenticate: (targetId?: string) => Promise<Session | null>;
}) {
  return function defineRoute<P = Record<string, never>>(def: RouteDefinition<P>): RouteHandler<P> {
    return async function route(request, context) {
      let session: AuthorizedSession;
      try {
        session = checkPermission(await deps.authenticate(def.target), def.permission);
      } catch (err) {
        if (!(err instanceof PermissionError)) throw err;
        const status = err.reason === "unauthenticated" ? 401 : 403;
        return Response.json({ message: err.message }, { status });
      }
      return def.run(request, { session, params: await context.params });
    };
  };
}

/**
 * Marks a route handler that is public by design (probes, Auth.js's own endpoints): the reason is
 * the review trail, and the guard test (guards.test.ts) accepts only handlers built with this or
 * defineRoute.
 */
export function publicRoute<H extends (...args: never[]) => Promise<Response>>(
  reason: string,
  handler: H,
): H {
  void reason;
  return handler;
}
