import type { EngineContext } from "../context";
import type { Router } from "../http/router";
import type { EngineResponse } from "../http/types";
import { registerSecretsRoutes } from "../secrets/routes";
import { SecretStore } from "../secrets/store";
import { instanceActions } from "./instance-actions";
import { InstanceService } from "./instances";
import { ProxyService } from "./proxies";
import { proxyActions } from "./proxy-actions";
import { invalidAction } from "../http/aws-query";
import { QueryParams, RdsError, rdsOperation } from "./query";
import { registerProxyConsoleRoutes } from "./console-routes";

export interface Databases {
  secrets: SecretStore;
  instances: InstanceService;
  proxies: ProxyService;
  stop(): Promise<void>;
}

/**
 * RDS (awsQuery, dispatched by the credential scope "rds") and Secrets Manager: DB instances as
 * real PostgreSQL clusters, proxies as PgBouncer processes. Servers start in the background.
 */
export function registerDatabases(router: Router, ctx: EngineContext): Databases {
  const secrets = new SecretStore(ctx.db, ctx.arnPrefix);
  const instances = new InstanceService(ctx, secrets);
  const proxies = new ProxyService(ctx, secrets, instances);
  registerSecretsRoutes(router, secrets);
  registerProxyConsoleRoutes(router, proxies);
  const actions: Record<string, (p: QueryParams) => EngineResponse | Promise<EngineResponse>> = {
    ...instanceActions(instances, "15"),
    ...proxyActions(proxies),
  };
  router.service(
    "rds",
    rdsOperation.head,
    async (req) => {
      const p = new QueryParams(req);
      const action = actions[p.action];
      if (!action) return invalidAction(p.action).toResponse();
      try {
        return await action(p);
      } catch (err) {
        if (err instanceof RdsError) return err.toResponse();
        throw err;
      }
    },
    rdsOperation.body,
  );
  const started = instances.startAll().then(() => proxies.startAll());
  started.catch((err: Error) => console.error(`[engine] databases did not start: ${err.message}`));
  return {
    secrets,
    instances,
    proxies,
    async stop() {
      await started.catch(() => {});
      await proxies.stopAll();
      await instances.stopAll();
    },
  };
}
