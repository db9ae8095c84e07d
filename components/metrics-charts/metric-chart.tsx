"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

/** A small uPlot line chart; timestamps in epoch seconds. */
export function MetricChart({
  title,
  timestamps,
  series,
  unit,
  span,
}: {
  title: string;
  timestamps: number[];
  series: ChartSeries[];
  unit?: string;
  /** [from, to] in epoch seconds. */
  span?: [number, number];
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const plot = new uPlot(
      {
        width: el.clientWidth || 400,
        height: 180,
        legend: { show: true },
        scales: { x: span ? { time: true, range: () => span } : { time: true } },
        axes: [
          {},
          {
            values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(2)}${unit ? ` ${unit}` : ""}`),
            size: 70,
          },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            spanGaps: false,
            points: { show: true, size: 4 },
          })),
        ],
      },
      [timestamps, ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [timestamps, series, unit, span]);
  return (
    <figure className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      {timestamps.length === 0 ? (
        <p className="py-14 text-center text-sm text-zinc-500">No data in this range.</p>
      ) : (
        <div ref={host} data-testid={`chart-${title}`} />
      )}
    </figure>
  );
}
