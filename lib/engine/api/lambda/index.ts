import type { Router } from "../../http/router";
import type { EngineContext } from "../../context";
import type { CredentialRegistry } from "../../credentials";
import { FunctionsCore } from "../../functions/core";
import { reconcileFunctions } from "../../functions/lifecycle";
import { TargetResolver } from "../../functions/resolve";
import { CODE_PATH, CodeUrlSigner, serveCode } from "./code-url";
import { registerFunctionRoutes } from "./functions";
import { registerAliasAndTagRoutes } from "./aliases";
import { registerInvokeRoute } from "./invoke";
import { createInvoker } from "../../invoke/invoker";
import { registerConcurrencyRoutes, registerEngineStatusRoute } from "./concurrency";
import { registerProvisionedRoutes } from "./provisioned";
import { registerEventInvokeConfigRoutes } from "./event-invoke-config";
import { startConcurrencyControls } from "../../scheduler/controls";
import { standbyKeyForConfig } from "../../scheduler/standby";
import { registerLayerRoutes } from "./layers";
import { registerCodeSigningConfigRoutes } from "../../signing/csc-api";
import { registerIssue21Features } from "../../function-urls/register";

/** Registers the Lambda REST API (2015-03-31 and friends). Returns disposers for shutdown. */
export function registerLambdaRoutes(
  router: Router,
  ctx: EngineContext,
  credentials: CredentialRegistry,
): (() => Promise<void> | void)[] {
  const core = new FunctionsCore(ctx);
  const resolver = new TargetResolver(core);
  // The durable Event queue is created first; the invoker writes accepted events to it.
  const controls = startConcurrencyControls(core, resolver.resolveTarget, (events) =>
    createInvoker(ctx, credentials, resolver.resolveTarget, { events }),
  );
  const invoker = controls.invoker;
  // An update that settled or a delete makes the running environments stale: retire them.
  core.onChange((name, kind) => {
    if (kind === "updated" || kind === "deleted") invoker.retire(name);
    // A function just created or changed is the one about to be tested: have a sandbox ready.
    const config =
      kind === "created" || kind === "updated"
        ? core.store.getVersion(name, "$LATEST")?.config
        : undefined;
    const key = config && standbyKeyForConfig(config);
    if (key) invoker.dispatcher.standby.prime([key]);
  });
  const signer = new CodeUrlSigner(ctx.config.secretAccessKey);
  // Invoke first: the router tries routes in order, and Invoke is the hot one.
  registerInvokeRoute(router, invoker);
  registerFunctionRoutes(router, core, signer);
  registerAliasAndTagRoutes(router, core);
  registerConcurrencyRoutes(router, core);
  registerProvisionedRoutes(router, controls.provisioned);
  registerEventInvokeConfigRoutes(router, core);
  registerEngineStatusRoute(router, controls.status);
  registerLayerRoutes(router, core, signer);
  registerCodeSigningConfigRoutes(router, core);
  // Issue 21: policies, function URLs (and their listener), streaming invokes, runtime settings.
  const closeUrls = registerIssue21Features(router, ctx, core, invoker, credentials);
  router.publicRoute("GET", CODE_PATH, (req) => serveCode(signer, core.code, req));
  reconcileFunctions(core);
  // Node.js cold starts take pre-started sandboxes: have them ready for the sizes in use
  // before the first invoke.
  invoker.dispatcher.standby.prime(core.store.recentNodeSizes(2));
  return [() => core.drain(), () => controls.dispose(), closeUrls];
}
