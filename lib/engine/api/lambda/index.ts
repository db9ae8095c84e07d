import type { Router } from "../../http/router";
import type { EngineContext } from "../../context";
import type { CredentialRegistry } from "../../credentials";

/** Registers the Lambda REST API (2015-03-31 and friends). Returns disposers for shutdown. */
export function registerLambdaRoutes(
  router: Router,
  ctx: EngineContext,
  credentials: CredentialRegistry,
): (() => Promise<void> | void)[] {
  void router;
  void ctx;
  void credentials;
  return [];
}
