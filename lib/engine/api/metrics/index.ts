import type { Router } from "../../http/router";
import type { EngineContext } from "../../context";
import { queryOperation } from "../../http/aws-query";
import { getMetricData, getMetricStatistics, listMetrics } from "./operations";
import { cborOperation, metricsCborHandler } from "./cbor-protocol";
import { metricsQueryHandler, type MetricsOperation } from "./query-protocol";
import { metricsJson, parseBody } from "./wire";

const PREFIX = "GraniteServiceVersion20100801.";
const SWEEP_MS = 3600 * 1000;

/**
 * Registers CloudWatch metrics for the AWS/Lambda namespace in every protocol CloudWatch takes:
 * awsJson1.0 (awsQueryCompatible, X-Amz-Target GraniteServiceVersion20100801.*), the query
 * protocol (form POST / signed for "monitoring") and Smithy RPC v2 CBOR. Returns disposers.
 */
export function registerMetricsRoutes(router: Router, ctx: EngineContext): (() => void)[] {
  const store = ctx.metrics;
  const counters = ctx.concurrency;
  const operations: Record<string, MetricsOperation> = {
    GetMetricData: (input) => getMetricData(store, counters, input),
    GetMetricStatistics: (input) => getMetricStatistics(store, counters, input),
    ListMetrics: (input) => listMetrics(store, counters, input),
  };
  for (const [name, operation] of Object.entries(operations))
    router.target(`${PREFIX}${name}`, (req) => metricsJson(operation(parseBody(req))));
  // Requests signed for "monitoring" without an X-Amz-Target: CBOR by its path, else query.
  const query = queryOperation("cloudwatch");
  const queryHandler = metricsQueryHandler(operations);
  const cborHandler = metricsCborHandler(operations);
  router.service(
    "monitoring",
    (head) => cborOperation(head.path) ?? query.head(head),
    (req) => (cborOperation(req.path) ? cborHandler(req) : queryHandler(req)),
    (req) => cborOperation(req.path) ?? query.body(req),
  );
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
