import type { EnvVars } from "../config";
import type { EngineContext } from "../context";
import type { Router } from "../http/router";
import { registerLookupEventsRoute } from "./lookup-events";
import { AuditTrail, auditSettings, type AuditOptions } from "./trail";

export { AuditTrail, type AuditOptions };

/**
 * The engine's audit trail (issue 13): observes every call the router answers, records the
 * writes as CloudTrail events, and serves them through CloudTrail's LookupEvents.
 */
export function startAuditTrail(
  router: Router,
  ctx: EngineContext,
  env: EnvVars,
  options: AuditOptions = {},
): AuditTrail {
  const trail = new AuditTrail(
    ctx.db,
    { accountId: ctx.config.accountId, region: ctx.config.region },
    auditSettings(env),
    options,
  );
  router.observe(trail.observe);
  registerLookupEventsRoute(router, trail);
  return trail;
}
