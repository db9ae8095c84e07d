import type { Router } from "../http/router";
import type { EngineContext } from "../context";
import type { CredentialRegistry } from "../credentials";
import type { FunctionsCore } from "../functions/core";
import type { Invoker } from "../invoke/invoker";
import { PolicyService } from "../permissions/policies";
import { registerPermissionRoutes } from "../api/lambda/permissions";
import {
  registerFunctionUrlRoutes,
  registerRuntimeSettingRoutes,
} from "../api/lambda/function-urls";
import { registerStreamingInvokeRoutes } from "../api/lambda/invoke-stream";
import { UrlConfigService } from "./url-configs";
import { startUrlServer } from "./url-server";

/**
 * Issue 21's operations (resource policies, function URLs, streaming and legacy invokes, recursion
 * and runtime management) and the function URL listener. Returns the listener's closer.
 */
export function registerIssue21Features(
  router: Router,
  ctx: EngineContext,
  core: FunctionsCore,
  invoker: Invoker,
  credentials: CredentialRegistry,
): () => Promise<void> {
  const policies = new PolicyService(core);
  const { region } = ctx.config;
  const urls = new UrlConfigService(
    core,
    (id) => `http://${id}.lambda-url.${region}.localhost:${ctx.config.urlPort}/`,
  );
  // An alias deleted takes its URL and its policy with it, as on AWS (a new alias of the same
  // name starts without them).
  core.onChange((name, kind) => {
    if (kind !== "aliases") return;
    for (const table of ["function_urls", "function_policies"])
      ctx.db
        .prepare(
          `DELETE FROM ${table} WHERE function_name = ? AND qualifier NOT GLOB '[0-9]*' AND qualifier != '' AND qualifier NOT IN (SELECT name FROM aliases WHERE function_name = ?)`,
        )
        .run(name, name);
  });
  registerPermissionRoutes(router, policies);
  registerFunctionUrlRoutes(router, urls);
  registerRuntimeSettingRoutes(router, core);
  registerStreamingInvokeRoutes(router, invoker);
  // Port 0 asks for an ephemeral port: record the real one, FunctionUrl shows it.
  return startUrlServer(
    { ctx, urls, policies, invoker, credentials },
    ctx.config.host,
    ctx.config.urlPort,
    (port) => {
      ctx.config.urlPort = port;
    },
  );
}
