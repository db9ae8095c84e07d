import type { Router } from "../../http/router";
import type { EngineContext } from "../../context";
import { LogStore, type Clock } from "../../logs/store";
import { startRetentionSweep } from "../../logs/retention";
import { registerGroupRoutes } from "./groups";
import { registerStreamRoutes } from "./streams";
import { registerEventRoutes } from "./events";
import { registerLiveTailRoute, type LiveTailOptions } from "./live-tail";

export interface LogsRouteOptions {
  /** Clock for retention and PutLogEvents' too-old/too-new checks (tests inject one). */
  now?: Clock;
  /** How often the retention sweep runs (ms). */
  sweepIntervalMs?: number;
  liveTail?: LiveTailOptions;
}

/** Registers the CloudWatch Logs API (awsJson1.1, Logs_20140328.*). Returns disposers for shutdown. */
export function registerLogsRoutes(
  router: Router,
  ctx: EngineContext,
  options: LogsRouteOptions = {},
): (() => Promise<void> | void)[] {
  const store = new LogStore(ctx.db, options.now);
  // Log lines are written in batches: every read first writes what is buffered.
  router = router.withHook(() => ctx.logs.flushPending());
  registerGroupRoutes(router, ctx, store);
  registerStreamRoutes(router, ctx, store);
  registerEventRoutes(router, ctx, store);
  const stopLiveTail = registerLiveTailRoute(router, ctx, store, options.liveTail);
  return [startRetentionSweep(store, options.sweepIntervalMs), stopLiveTail];
}
