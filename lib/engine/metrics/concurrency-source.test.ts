import { describe, expect, it } from "vitest";
import { ConcurrencyCounters } from "./concurrency-counters";
import { concurrencyPeriods, resolveConcurrencyMetric } from "./concurrency-source";

const dims = (o: Record<string, string>) => new Map(Object.entries(o));

describe("the concurrency metrics source", () => {
  it("accepts only the dimension sets Lambda publishes", () => {
    expect(resolveConcurrencyMetric("UnreservedConcurrentExecutions", dims({}))).toMatchObject({
      functionName: "",
    });
    expect(
      resolveConcurrencyMetric("UnreservedConcurrentExecutions", dims({ FunctionName: "f" })),
    ).toBeNull();
    expect(
      resolveConcurrencyMetric(
        "ProvisionedConcurrentExecutions",
        dims({ FunctionName: "f", Resource: "f:live" }),
      ),
    ).toMatchObject({ functionName: "f", unit: "Count" });
    expect(
      resolveConcurrencyMetric(
        "ProvisionedConcurrentExecutions",
        dims({ FunctionName: "f", Resource: "g:live" }),
      ),
    ).toBeNull();
    expect(
      resolveConcurrencyMetric("AsyncEventAge", dims({ FunctionName: "f", Resource: "f:1" })),
    ).toBeNull();
    expect(resolveConcurrencyMetric("AsyncEventAge", dims({}))).toBeNull();
    expect(resolveConcurrencyMetric("Invocations", dims({ FunctionName: "f" }))).toBeNull();
  });

  it("aggregates a period's minutes: sums, counts, maxima and means", () => {
    const c = new ConcurrencyCounters();
    c.async("received", "f", 2);
    c.async("age", "f", 100);
    c.async("age", "f", 300);
    c.unreserved(3);
    c.unreserved(1);
    const now = Date.now();
    const from = now - 3600_000;
    const q = (
      metric: "AsyncEventAge" | "AsyncEventsReceived" | "UnreservedConcurrentExecutions",
      fn: string,
    ) => concurrencyPeriods(c, { metric, unit: "", functionName: fn }, from, now + 60_000, 3600);
    const [age] = q("AsyncEventAge", "f");
    expect(age?.value("SampleCount")).toBe(2);
    expect(age?.value("Average")).toBe(200);
    expect(age?.value("Maximum")).toBe(300);
    expect(q("AsyncEventsReceived", "f")[0]?.value("Sum")).toBe(2);
    expect(q("UnreservedConcurrentExecutions", "")[0]?.value("Maximum")).toBe(3);
    expect(q("AsyncEventAge", "other")).toEqual([]);
  });
});
