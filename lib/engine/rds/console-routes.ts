import type { Router } from "../http/router";
import { json } from "../http/types";
import { RdsError } from "./query";
import type { ProxyService } from "./proxies";
import { connectFunction, disconnectFunction, functionsOf } from "./proxy-functions";

const num = (v: string | undefined) => Number(v ?? 0) || 0;

/**
 * What RDS has no API for, for the console on the local engine: live pool figures from PgBouncer's
 * admin console, and which functions a proxy's socket reaches (the local stand-in for a role's
 * rds-db:connect grant).
 */
export function registerProxyConsoleRoutes(router: Router, svc: ProxyService): void {
  const notFound = (e: unknown) => {
    if (e instanceof RdsError)
      return json(
        404,
        { Type: "User", Message: e.message },
        { "x-amzn-errortype": "ResourceNotFoundException" },
      );
    throw e;
  };
  router.route("GET", "/lambda-console/db-proxies/:name/pool", async (req) => {
    try {
      const p = svc.get(req.params.name ?? "");
      const b = svc.bouncer(p.row.name);
      if (!b || p.row.status !== "available") return json(200, { available: false });
      const [pools, stats] = await Promise.all([
        b.admin(p.row.port, "SHOW POOLS"),
        b.admin(p.row.port, "SHOW STATS"),
      ]);
      const real = pools.filter((r) => r.database !== "pgbouncer");
      const sum = (k: string) => real.reduce((n, r) => n + num(r[k]), 0);
      const st = stats.filter((r) => r.database !== "pgbouncer");
      return json(200, {
        available: true,
        clientsActive: sum("cl_active"),
        clientsWaiting: sum("cl_waiting"),
        serversActive: sum("sv_active"),
        serversIdle: sum("sv_idle") + sum("sv_used"),
        maxWaitSeconds: Math.max(0, ...real.map((r) => num(r.maxwait))),
        totalQueries: st.reduce((n, r) => n + num(r.total_query_count), 0),
        averageQueryMicros: Math.max(0, ...st.map((r) => num(r.avg_query_time))),
        restarts: b.restarts,
      });
    } catch (e) {
      return notFound(e);
    }
  });
  router.route("GET", "/lambda-console/db-proxies/:name/functions", (req) => {
    try {
      const p = svc.get(req.params.name ?? "");
      // The port a sandbox reaches the proxy on (RDS's is always 5432; here each proxy has its own).
      return json(200, { functions: functionsOf(svc, p.row.name), port: p.row.port });
    } catch (e) {
      return notFound(e);
    }
  });
  router.route("PUT", "/lambda-console/db-proxies/:name/functions/:fn", (req) => {
    try {
      connectFunction(svc, req.params.name ?? "", req.params.fn ?? "");
      return json(200, { connected: true, port: svc.get(req.params.name ?? "").row.port });
    } catch (e) {
      return notFound(e);
    }
  });
  router.route("DELETE", "/lambda-console/db-proxies/:name/functions/:fn", (req) => {
    disconnectFunction(svc, req.params.name ?? "", req.params.fn ?? "");
    return json(200, { connected: false });
  });
}
