import type { Router } from "../../http/router";
import type { EngineContext } from "../../context";

/** Registers the CloudWatch Logs API (awsJson1.1, Logs_20140328.*). */
export function registerLogsRoutes(router: Router, ctx: EngineContext): (() => Promise<void> | void)[] {
  void router;
  void ctx;
  return [];
}
