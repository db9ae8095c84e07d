import type { Router } from "../../http/router";
import type { EngineContext } from "../../context";
import type { CredentialRegistry } from "../../credentials";
import { FunctionsCore } from "../../functions/core";
import { reconcileFunctions } from "../../functions/lifecycle";
import { TargetResolver } from "../../functions/resolve";
import { CODE_PATH, CodeUrlSigner, serveCode } from "./code-url";
import { registerFunctionRoutes } from "./functions";
import { registerAliasAndTagRoutes } from "./aliases";

/** Registers the Lambda REST API (2015-03-31 and friends). Returns disposers for shutdown. */
export function registerLambdaRoutes(
  router: Router,
  ctx: EngineContext,
  credentials: CredentialRegistry,
): (() => Promise<void> | void)[] {
  void credentials;
  const core = new FunctionsCore(ctx);
  const resolver = new TargetResolver(core);
  void resolver;
  const signer = new CodeUrlSigner(ctx.config.secretAccessKey);
  registerFunctionRoutes(router, core, signer);
  registerAliasAndTagRoutes(router, core);
  router.publicRoute("GET", CODE_PATH, (req) => serveCode(signer, core.code, req));
  reconcileFunctions(core);
  return [() => core.drain()];
}
