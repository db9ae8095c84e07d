import type { MetricsStore } from "../../metrics/store";
import { isSupportedStat } from "../../metrics/statistics";
import type { ConcurrencyCounters } from "../../metrics/concurrency-counters";
import { listPublishedMetrics, readPeriods } from "./series";
import {
  dimensions,
  int,
  invalidCombination,
  invalidValue,
  objects,
  requiredStr,
  str,
  strings,
  time,
  type JsonObject,
} from "./wire";

const HIGH_RESOLUTION_PERIODS = [1, 5, 10, 30];
const MAX_STATISTICS_DATAPOINTS = 1440;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const LIST_PAGE = 500;

function checkPeriod(period: number | undefined, where: string): number {
  if (period === undefined) throw invalidValue(`The parameter ${where} is required.`);
  if (period < 1 || (!HIGH_RESOLUTION_PERIODS.includes(period) && period % 60 !== 0)) {
    throw invalidValue(`The parameter ${where} must be 1, 5, 10, 30, or a multiple of 60.`);
  }
  return period;
}

function checkRange(startMs: number, endMs: number): void {
  if (startMs >= endMs)
    throw invalidValue("The parameter StartTime must be less than the parameter EndTime.");
}

/** Periods start on multiples of the period since the epoch, as CloudWatch's minute points do. */
const alignDown = (ms: number, periodS: number) =>
  Math.floor(ms / (periodS * 1000)) * periodS * 1000;

export function getMetricData(
  store: MetricsStore,
  counters: ConcurrencyCounters,
  body: JsonObject,
): JsonObject {
  const startMs = time(body, "StartTime");
  const endMs = time(body, "EndTime");
  checkRange(startMs, endMs);
  const queries = objects(body, "MetricDataQueries");
  if (queries.length === 0) throw invalidValue("The parameter MetricDataQueries is required.");
  if (queries.length > 500)
    throw invalidValue("The collection MetricDataQueries must not have a size greater than 500.");
  const descending = (str(body, "ScanBy") ?? "TimestampDescending") !== "TimestampAscending";
  let budget = int(body, "MaxDatapoints") ?? DEFAULT_MAX_DATAPOINTS;
  const ids = new Set<string>();
  const results: JsonObject[] = [];
  for (const [i, q] of queries.entries()) {
    const id = requiredStr(q, "Id");
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
      throw invalidValue(
        `The value ${id} for parameter MetricDataQueries.member.${i + 1}.Id is not valid. It must begin with a lowercase letter and contain only letters, digits and underscores.`,
      );
    }
    if (ids.has(id))
      throw invalidValue(
        `The value ${id} for parameter MetricDataQueries.member.${i + 1}.Id is a duplicate.`,
      );
    ids.add(id);
    const returnData = q.ReturnData !== false;
    const expression = str(q, "Expression");
    const statObj = q.MetricStat;
    if (expression !== undefined && statObj !== undefined) {
      throw invalidCombination(
        `Exactly one element of the metrics list must have MetricStat or Expression (MetricDataQueries.member.${i + 1}).`,
      );
    }
    if (expression !== undefined) {
      if (returnData) {
        results.push({
          Id: id,
          Label: str(q, "Label") ?? id,
          Timestamps: [],
          Values: [],
          StatusCode: "InternalError",
          Messages: [
            {
              Code: "Unsupported",
              Value: "Metric math expressions are not supported by the local engine.",
            },
          ],
        });
      }
      continue;
    }
    if (!statObj || typeof statObj !== "object" || Array.isArray(statObj)) {
      throw invalidCombination(
        `Exactly one element of the metrics list must have MetricStat or Expression (MetricDataQueries.member.${i + 1}).`,
      );
    }
    const ms = statObj as JsonObject;
    const metricObj = ms.Metric;
    if (!metricObj || typeof metricObj !== "object" || Array.isArray(metricObj))
      throw invalidValue(
        `The parameter MetricDataQueries.member.${i + 1}.MetricStat.Metric is required.`,
      );
    const metric = metricObj as JsonObject;
    const period = checkPeriod(
      int(ms, "Period") ?? int(q, "Period"),
      `MetricDataQueries.member.${i + 1}.MetricStat.Period`,
    );
    const stat = requiredStr(ms, "Stat");
    if (!isSupportedStat(stat))
      throw invalidValue(
        `The value ${stat} for parameter MetricDataQueries.member.${i + 1}.MetricStat.Stat is not supported.`,
      );
    const metricName = requiredStr(metric, "MetricName");
    const dims = dimensions(metric, "Dimensions");
    if (!returnData) continue;
    const label = str(q, "Label") ?? metricName;
    const from = alignDown(startMs, period);
    const read = readPeriods(
      store,
      counters,
      { namespace: str(metric, "Namespace") ?? "", name: metricName, dims },
      from,
      endMs,
      period,
    );
    if (!read) {
      results.push({ Id: id, Label: label, Timestamps: [], Values: [], StatusCode: "Complete" });
      continue;
    }
    const buckets = read.periods;
    if (descending) buckets.reverse();
    let status = "Complete";
    if (buckets.length > budget) {
      buckets.length = Math.max(0, budget);
      status = "PartialData";
    }
    budget -= buckets.length;
    results.push({
      Id: id,
      Label: label,
      Timestamps: buckets.map((b) => new Date(b.startMs)),
      Values: buckets.map((b) => b.value(stat)),
      StatusCode: status,
    });
  }
  return { MetricDataResults: results, Messages: [] };
}

export function getMetricStatistics(
  store: MetricsStore,
  counters: ConcurrencyCounters,
  body: JsonObject,
): JsonObject {
  const namespace = requiredStr(body, "Namespace");
  const metricName = requiredStr(body, "MetricName");
  const startMs = time(body, "StartTime");
  const endMs = time(body, "EndTime");
  const period = checkPeriod(int(body, "Period"), "Period");
  checkRange(startMs, endMs);
  const stats = strings(body, "Statistics");
  const extended = strings(body, "ExtendedStatistics");
  if ((stats.length === 0) === (extended.length === 0)) {
    throw invalidCombination("Must specify either Statistics or ExtendedStatistics, but not both.");
  }
  for (const s of stats) {
    if (!["SampleCount", "Sum", "Average", "Minimum", "Maximum"].includes(s)) {
      throw invalidValue(`The value ${s} for parameter Statistics is not a valid statistic.`);
    }
  }
  for (const s of extended) {
    if (!/^p/.test(s) || !isSupportedStat(s))
      throw invalidValue(`The value ${s} for parameter ExtendedStatistics is not supported.`);
  }
  const from = alignDown(startMs, period);
  const requested = Math.ceil((endMs - from) / (period * 1000));
  if (requested > MAX_STATISTICS_DATAPOINTS) {
    throw invalidCombination(
      `You have requested up to ${requested.toLocaleString("en-US")} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const read = readPeriods(
    store,
    counters,
    { namespace, name: metricName, dims: dimensions(body, "Dimensions") },
    from,
    endMs,
    period,
  );
  if (!read) return { Label: metricName, Datapoints: [] };
  const datapoints = read.periods.map((b) => {
    const point: JsonObject = { Timestamp: new Date(b.startMs), Unit: read.unit };
    for (const s of stats) point[s] = b.value(s);
    // A Map: a JSON object on the JSON protocol, <entry><key/><value/> on the query protocol.
    if (extended.length > 0)
      point.ExtendedStatistics = new Map(extended.map((s) => [s, b.value(s)]));
    return point;
  });
  return { Label: metricName, Datapoints: datapoints };
}

export function listMetrics(
  store: MetricsStore,
  counters: ConcurrencyCounters,
  body: JsonObject,
): JsonObject {
  const namespace = str(body, "Namespace");
  const metricName = str(body, "MetricName");
  const filters = dimensions(body, "Dimensions");
  const recently = str(body, "RecentlyActive");
  if (recently !== undefined && recently !== "PT3H")
    throw invalidValue(`The value ${recently} for parameter RecentlyActive is not valid.`);
  const now = Date.now();
  // CloudWatch lists metrics with data in the last two weeks (three hours with RecentlyActive).
  const since = now - (recently ? 3 * 3600 * 1000 : 14 * 24 * 3600 * 1000);
  const all = listPublishedMetrics(store, counters, since).filter(
    (m) =>
      (namespace === undefined || m.Namespace === namespace) &&
      (metricName === undefined || m.MetricName === metricName) &&
      filters.every((f) =>
        m.Dimensions.some(
          (d) => d.Name === f.name && (f.value === undefined || d.Value === f.value),
        ),
      ),
  );
  const token = str(body, "NextToken");
  const offset =
    token === undefined ? 0 : Number.parseInt(Buffer.from(token, "base64url").toString("utf8"), 10);
  if (!Number.isInteger(offset) || offset < 0)
    throw invalidValue("The parameter NextToken is not valid.");
  const page = all.slice(offset, offset + LIST_PAGE);
  const next =
    offset + LIST_PAGE < all.length
      ? Buffer.from(String(offset + LIST_PAGE)).toString("base64url")
      : undefined;
  return { Metrics: page, ...(next ? { NextToken: next } : {}) };
}
