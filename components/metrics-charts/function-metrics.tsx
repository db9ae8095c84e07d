"use client";

import type { FunctionMetrics } from "@/lib/aws/metrics";
import { MetricChart } from "./metric-chart";

/** The Monitor tab's charts, from one GetMetricData answer. */
export function FunctionMetricsCharts({ m }: { m: FunctionMetrics }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <MetricChart
        title="Invocations"
        timestamps={m.timestamps}
        span={[m.fromS, m.toS]}
        series={[{ label: "Invocations", values: m.invocations, color: "#2563eb" }]}
      />
      <MetricChart
        title="Duration"
        unit="ms"
        timestamps={m.timestamps}
        span={[m.fromS, m.toS]}
        series={[
          { label: "Average", values: m.durationAvg, color: "#2563eb" },
          { label: "p99", values: m.durationP99, color: "#dc2626" },
        ]}
      />
      <MetricChart
        title="Errors and success rate"
        timestamps={m.timestamps}
        span={[m.fromS, m.toS]}
        series={[
          { label: "Errors", values: m.errors, color: "#dc2626" },
          { label: "Success rate (%)", values: m.successRate, color: "#16a34a" },
        ]}
      />
      <MetricChart
        title="Throttles"
        timestamps={m.timestamps}
        span={[m.fromS, m.toS]}
        series={[{ label: "Throttles", values: m.throttles, color: "#d97706" }]}
      />
      <MetricChart
        title="Concurrent executions"
        timestamps={m.timestamps}
        span={[m.fromS, m.toS]}
        series={[{ label: "Maximum", values: m.concurrency, color: "#7c3aed" }]}
      />
    </div>
  );
}
