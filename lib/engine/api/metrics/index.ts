import type { Router } from "../../http/router";
import type { EngineContext } from "../../context";
import { getMetricData, getMetricStatistics, listMetrics } from "./operations";

const PREFIX = "GraniteServiceVersion20100801.";
const SWEEP_MS = 3600 * 1000;

/**
 * Registers CloudWatch metrics (awsJson1.0 with awsQueryCompatible, GraniteServiceVersion20100801.*)
 * for the AWS/Lambda namespace. Returns disposers for shutdown.
 */
export function registerMetricsRoutes(router: Router, ctx: EngineContext): (() => void)[] {
  const store = ctx.metrics;
  const counters = ctx.concurrency;
  router.target(`${PREFIX}GetMetricData`, (req) => getMetricData(store, counters, req));
  router.target(`${PREFIX}GetMetricStatistics`, (req) => getMetricStatistics(store, counters, req));
  router.target(`${PREFIX}ListMetrics`, (req) => listMetrics(store, counters, req));
  store.sweep();
  const timer = setInterval(() => store.sweep(), SWEEP_MS);
  timer.unref();
  return [
    () => {
      clearInterval(timer);
      store.flush();
    },
  ];
}
