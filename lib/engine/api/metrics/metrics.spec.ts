import { afterAll, describe, expect, vi } from "vitest";
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import {
  CreateFunctionCommand,
  InvokeCommand,
  type LambdaClient,
  PublishVersionCommand,
} from "@aws-sdk/client-lambda";
import type { RunningEngine } from "../../engine";
import { makeZip, ROLE } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineStatus } from "@/test/support/engine-status";
import { engineTest } from "@/test/support/fixtures";
import { engineClientConfig } from "@/test/support/client-config";

let engine: RunningEngine;
let lambda: LambdaClient;
let cw: CloudWatchClient;
const FN = "metrics-fn";
const THROTTLED = "metrics-throttled";

const CODE = makeZip({
  "index.mjs": `export const handler = async (e) => {
    if (e.fail) throw new Error("boom");
    await new Promise((r) => setTimeout(r, e.sleep ?? 0));
    return { ok: true };
  };`,
});

const fnDims = (name: string) => [{ Name: "FunctionName", Value: name }];

function query(id: string, metric: string, stat: string, dims = fnDims(FN)): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: "AWS/Lambda", MetricName: metric, Dimensions: dims },
      Period: 60,
      Stat: stat,
    },
  };
}

const sum = (v: number[] | undefined) => (v ?? []).reduce((a, b) => a + b, 0);
const window = () => ({
  StartTime: new Date(Date.now() - 3600_000),
  EndTime: new Date(Date.now() + 60_000),
});

// An account limit of 1: a second concurrent invoke is throttled, as Lambda would throttle it.
const test = engineTest("metrics-spec-", { LAMBDA_ENGINE_CONCURRENCY_LIMIT: "1" });

test.beforeAll(async ({ testEngine }) => {
  ({ engine, lambda } = testEngine);
  cw = new CloudWatchClient(engineClientConfig(engine));
  for (const name of [FN, THROTTLED]) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: ROLE,
        Code: { ZipFile: CODE },
      }),
    );
    await settled(lambda, name);
  }
  const invoke = (payload: object, qualifier?: string) =>
    lambda.send(
      new InvokeCommand({
        FunctionName: FN,
        Qualifier: qualifier,
        Payload: Buffer.from(JSON.stringify(payload)),
      }),
    );
  await invoke({ sleep: 5 });
  await invoke({ sleep: 60 });
  await invoke({ sleep: 5 });
  const failed = await invoke({ fail: true });
  expect(failed.FunctionError).toBe("Unhandled");
  const v = await lambda.send(new PublishVersionCommand({ FunctionName: FN }));
  await invoke({}, v.Version);
  const slow = invoke({ sleep: 1500 });
  // The slow invoke holds the account's one slot: the next ones are throttled.
  await vi.waitFor(async () => expect((await engineStatus(engine)).inFlight).toBe(1));
  for (let i = 0; i < 2; i++) {
    await expect(lambda.send(new InvokeCommand({ FunctionName: THROTTLED }))).rejects.toMatchObject(
      { name: "TooManyRequestsException" },
    );
  }
  await slow;
});

afterAll(() => {
  cw?.destroy();
});

describe("CloudWatch metrics for AWS/Lambda through @aws-sdk/client-cloudwatch", () => {
  test("GetMetricData counts invocations, errors and throttles, and aggregates duration", async () => {
    const out = await cw.send(
      new GetMetricDataCommand({
        ...window(),
        MetricDataQueries: [
          query("inv", "Invocations", "Sum"),
          query("err", "Errors", "Sum"),
          query("avg", "Duration", "Average"),
          query("p99", "Duration", "p99"),
          query("max", "Duration", "Maximum"),
          query("conc", "ConcurrentExecutions", "Maximum"),
          query("thr", "Throttles", "Sum", fnDims(THROTTLED)),
          query("thrinv", "Invocations", "Sum", fnDims(THROTTLED)),
        ],
      }),
    );
    const byId = new Map((out.MetricDataResults ?? []).map((r) => [r.Id, r]));
    expect(byId.get("inv")?.StatusCode).toBe("Complete");
    expect(sum(byId.get("inv")?.Values)).toBe(6);
    expect(sum(byId.get("err")?.Values)).toBe(1);
    expect(byId.get("inv")?.Label).toBe("Invocations");
    const max = Math.max(...(byId.get("max")?.Values ?? [0]));
    expect(max).toBeGreaterThanOrEqual(1400);
    expect(Math.max(...(byId.get("p99")?.Values ?? [0]))).toBeLessThanOrEqual(max);
    expect(Math.min(...(byId.get("avg")?.Values ?? [0]))).toBeGreaterThan(0);
    expect(Math.max(...(byId.get("conc")?.Values ?? [0]))).toBe(1);
    expect(sum(byId.get("thr")?.Values)).toBe(2);
    // Throttled requests are not invocations.
    expect(sum(byId.get("thrinv")?.Values)).toBe(0);
    // Timestamps are period starts (epoch-aligned minutes), newest first by default.
    const ts = byId.get("inv")?.Timestamps ?? [];
    expect(ts.length).toBeGreaterThan(0);
    for (const d of ts) expect(d.getTime() % 60_000).toBe(0);
    expect([...ts].sort((a, b) => b.getTime() - a.getTime())).toEqual(ts);
  });

  test("the Resource dimension separates a version's invocations", async () => {
    const out = await cw.send(
      new GetMetricDataCommand({
        ...window(),
        MetricDataQueries: [
          query("ver", "Invocations", "Sum", [
            ...fnDims(FN),
            { Name: "Resource", Value: `${FN}:1` },
          ]),
          query("latest", "Invocations", "Sum", [...fnDims(FN), { Name: "Resource", Value: FN }]),
        ],
      }),
    );
    const [ver, latest] = out.MetricDataResults ?? [];
    expect(sum(ver?.Values)).toBe(1);
    expect(sum(latest?.Values)).toBe(5);
  });

  test("GetMetricStatistics answers datapoints with statistics, extended statistics and the unit", async () => {
    const simple = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/Lambda",
        MetricName: "Invocations",
        Dimensions: fnDims(FN),
        ...window(),
        Period: 3600,
        Statistics: ["Sum", "SampleCount"],
      }),
    );
    expect(simple.Label).toBe("Invocations");
    expect(sum(simple.Datapoints?.map((d) => d.Sum ?? 0))).toBe(6);
    expect(simple.Datapoints?.[0]?.Unit).toBe("Count");
    const ext = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/Lambda",
        MetricName: "Duration",
        Dimensions: fnDims(FN),
        ...window(),
        Period: 3600,
        ExtendedStatistics: ["p99"],
      }),
    );
    expect(ext.Datapoints?.[0]?.Unit).toBe("Milliseconds");
    expect(ext.Datapoints?.[0]?.ExtendedStatistics?.p99).toBeGreaterThan(0);
  });

  test("ListMetrics lists the published metrics and filters by dimension", async () => {
    const out = await cw.send(
      new ListMetricsCommand({
        Namespace: "AWS/Lambda",
        MetricName: "Duration",
        Dimensions: [{ Name: "FunctionName", Value: FN }],
      }),
    );
    const sets = (out.Metrics ?? []).map((m) =>
      (m.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(","),
    );
    expect(sets).toContain(`FunctionName=${FN}`);
    expect(sets).toContain(`FunctionName=${FN},Resource=${FN}:1`);
    expect(sets.every((s) => s.includes(FN))).toBe(true);
    const other = await cw.send(new ListMetricsCommand({ Namespace: "AWS/EC2" }));
    expect(other.Metrics).toEqual([]);
  });

  test("refuses bad input with CloudWatch's error names and query codes", async () => {
    const bad = await cw
      .send(
        new GetMetricDataCommand({
          StartTime: new Date(),
          EndTime: new Date(Date.now() - 60_000),
          MetricDataQueries: [query("a", "Invocations", "Sum")],
        }),
      )
      .catch(
        (e: unknown) =>
          e as {
            name: string;
            message: string;
            Code?: string;
            $metadata: { httpStatusCode?: number };
          },
      );
    expect(bad).toMatchObject({
      name: "InvalidParameterValueException",
      Code: "InvalidParameterValue",
      $metadata: { httpStatusCode: 400 },
    });
    expect((bad as { message: string }).message).toMatch(/StartTime must be less than/);
    const both = await cw
      .send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/Lambda",
          MetricName: "Invocations",
          ...window(),
          Period: 60,
          Statistics: ["Sum"],
          ExtendedStatistics: ["p99"],
        }),
      )
      .catch((e: unknown) => e as { name: string });
    expect(both).toMatchObject({ name: "InvalidParameterCombinationException" });
    const period = await cw
      .send(
        new GetMetricDataCommand({
          ...window(),
          MetricDataQueries: [
            {
              ...query("a", "Invocations", "Sum"),
              MetricStat: {
                ...query("a", "Invocations", "Sum").MetricStat,
                Period: 61,
              } as MetricDataQuery["MetricStat"],
            },
          ],
        }),
      )
      .catch((e: unknown) => e as { name: string });
    expect(period).toMatchObject({ name: "InvalidParameterValueException" });
  });
});
