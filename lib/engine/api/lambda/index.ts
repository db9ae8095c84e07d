import type { Router } from "../../http/router";
import type { FunctionsCore } from "../../functions/core";
import type { ConcurrencyControls } from "../../invoke/controls";
import { CODE_PATH, serveCode, type CodeUrlSigner } from "./code-url";
import { registerFunctionRoutes } from "./functions";
import { registerAliasAndTagRoutes } from "./aliases";
import { registerInvokeRoute } from "./invoke";
import { registerConcurrencyRoutes, registerEngineStatusRoute } from "./concurrency";
import { registerProvisionedRoutes } from "./provisioned";
import { registerEventInvokeConfigRoutes } from "./event-invoke-config";
import { registerLayerRoutes } from "./layers";
import { registerCodeSigningConfigRoutes } from "./code-signing-configs";

/** The services the Lambda REST API answers from (built by the engine's composition root). */
export interface LambdaServices {
  functions: FunctionsCore;
  controls: ConcurrencyControls;
  codeUrls: CodeUrlSigner;
}

/** Registers the Lambda REST API (2015-03-31 and friends). */
export function registerLambdaRoutes(router: Router, s: LambdaServices): void {
  const { functions: core, controls, codeUrls } = s;
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
  router.publicRoute("GET", CODE_PATH, (req) => serveCode(codeUrls, core.code, req));
}
