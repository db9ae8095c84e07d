import type { Router } from "../../http/router";
import type { FunctionsCore } from "../../functions/core";
import type { ConcurrencyControls } from "../../invoke/controls";
import type { FunctionUrlServices } from "../../function-urls/register";
import { CODE_PATH, serveCode, type CodeUrlSigner } from "./code-url";
import { registerFunctionRoutes } from "./functions";
import { registerAliasAndTagRoutes } from "./aliases";
import { registerInvokeRoute } from "./invoke";
import { registerConcurrencyRoutes, registerEngineStatusRoute } from "./concurrency";
import { registerProvisionedRoutes } from "./provisioned";
import { registerEventInvokeConfigRoutes } from "./event-invoke-config";
import { registerLayerRoutes } from "./layers";
import { registerCodeSigningConfigRoutes } from "./code-signing-configs";
import { registerPermissionRoutes } from "./permissions";
import { registerFunctionUrlRoutes, registerRuntimeSettingRoutes } from "./function-urls";
import { registerStreamingInvokeRoutes } from "./invoke-stream";

/** The services the Lambda REST API answers from (built by the engine's composition root). */
export interface LambdaServices {
  functions: FunctionsCore;
  controls: ConcurrencyControls;
  codeUrls: CodeUrlSigner;
  functionUrls: Pick<FunctionUrlServices, "policies" | "urls">;
}

/** Registers the Lambda REST API (2015-03-31 and friends). */
export function registerLambdaRoutes(router: Router, s: LambdaServices): void {
  const { functions: core, controls, codeUrls, functionUrls } = s;
  // Invoke first: the router tries routes in order, and Invoke is the hot one.
  registerInvokeRoute(router, controls.invoker);
  registerFunctionRoutes(router, core, codeUrls);
  registerAliasAndTagRoutes(router, core);
  registerConcurrencyRoutes(router, core);
  registerProvisionedRoutes(router, controls.provisioned);
  registerEventInvokeConfigRoutes(router, core);
  registerEngineStatusRoute(router, controls.status);
  registerLayerRoutes(router, core, codeUrls);
  registerCodeSigningConfigRoutes(router, core);
  // Issue 21: policies, function URLs, runtime settings, streaming invokes.
  registerPermissionRoutes(router, functionUrls.policies);
  registerFunctionUrlRoutes(router, functionUrls.urls);
  registerRuntimeSettingRoutes(router, core);
  registerStreamingInvokeRoutes(router, controls.invoker);
  router.publicRoute("GET", CODE_PATH, (req) => serveCode(codeUrls, core.code, req));
}
