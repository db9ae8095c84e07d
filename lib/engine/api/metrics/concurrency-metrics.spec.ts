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
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
} from "@aws-sdk/client-lambda";
import { createInput, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

// The scheduler's per-minute concurrency figures served as AWS/Lambda metrics (issue 4).
let t: TestEngine;
let cw: CloudWatchClient;
const PC = "cm-provisioned";
const ASYNC = "cm-async";
const CODE = makeZip({
  "index.mjs":
    "export const handler = async (e) => { await new Promise((r) => setTimeout(r, e.sleep ?? 0)); return 1; };\n",
});

const sum = (v: number[] | undefined) => (v ?? []).reduce((a, b) => a + b, 0);
const max = (v: number[] | undefined) => Math.max(0, ...(v ?? []));
const window = () => ({
  StartTime: new Date(Date.now() - 3600_000),
  EndTime: new Date(Date.now() + 60_000),
});
const q = (
  id: string,
  metric: string,
  stat: string,
  dims: { Name: string; Value: string }[],
): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: "AWS/Lambda", MetricName: metric, Dimensions: dims },
    Period: 60,
    Stat: stat,
  },
});
const fnDims = (name: string) => [{ Name: "FunctionName", Value: name }];

async function data(queries: MetricDataQuery[]) {
  const out = await cw.send(new GetMetricDataCommand({ ...window(), MetricDataQueries: queries }));
  return new Map((out.MetricDataResults ?? []).map((r) => [r.Id, r.Values ?? []]));
}

const test = engineTest("concurrency-metrics-spec-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  const config = t.engine.ctx.config;
  cw = new CloudWatchClient({
    endpoint: t.engine.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    maxAttempts: 1,
  });
  for (const name of [PC, ASYNC]) {
    await t.lambda.send(new CreateFunctionCommand(createInput(name, { Code: { ZipFile: CODE } })));
    await settled(t.lambda, name);
  }
  await t.lambda.send(new PublishVersionCommand({ FunctionName: PC }));
  await t.lambda.send(
    new PutProvisionedConcurrencyConfigCommand({
      FunctionName: PC,
      Qualifier: "1",
      ProvisionedConcurrentExecutions: 1,
    }),
  );
  await vi.waitFor(
    async () => {
      const c = await t.lambda.send(
        new GetProvisionedConcurrencyConfigCommand({ FunctionName: PC, Qualifier: "1" }),
      );
      expect(c.Status).toBe("READY");
    },
    { timeout: 15_000, interval: 100 },
  );
  // Two at once on one provisioned environment: one runs provisioned, one spills over.
  const invoke = () =>
    t.lambda.send(
      new InvokeCommand({
        FunctionName: PC,
        Qualifier: "1",
        Payload: Buffer.from(JSON.stringify({ sleep: 800 })),
      }),
    );
  await Promise.all([invoke(), invoke()]);
  for (let i = 0; i < 3; i++)
    await t.lambda.send(
      new InvokeCommand({
        FunctionName: ASYNC,
        InvocationType: "Event",
        Payload: Buffer.from("{}"),
      }),
    );
}, 60_000);

afterAll(async () => {
  cw?.destroy();
});

describe("concurrency metrics through @aws-sdk/client-cloudwatch", () => {
  test("GetMetricData answers the provisioned and unreserved figures", async () => {
    const r = await data([
      q("util", "ProvisionedConcurrencyUtilization", "Maximum", fnDims(PC)),
      q("busy", "ProvisionedConcurrentExecutions", "Maximum", [
        ...fnDims(PC),
        { Name: "Resource", Value: `${PC}:1` },
      ]),
      q("spill", "ProvisionedConcurrencySpilloverInvocations", "Sum", fnDims(PC)),
      q("unres", "UnreservedConcurrentExecutions", "Maximum", []),
      q("nope", "UnreservedConcurrentExecutions", "Maximum", fnDims(PC)),
    ]);
    expect(max(r.get("util"))).toBe(1);
    expect(max(r.get("busy"))).toBe(1);
    expect(sum(r.get("spill"))).toBe(1);
    expect(max(r.get("unres"))).toBeGreaterThanOrEqual(1);
    // Lambda publishes UnreservedConcurrentExecutions only account-wide.
    expect(r.get("nope")).toEqual([]);
  });

  test("GetMetricData and GetMetricStatistics answer the asynchronous event figures", async () => {
    const figures = () =>
      data([
        q("recv", "AsyncEventsReceived", "Sum", fnDims(ASYNC)),
        q("age", "AsyncEventAge", "SampleCount", fnDims(ASYNC)),
        q("drop", "AsyncEventsDropped", "Sum", fnDims(ASYNC)),
      ]);
    await expect
      .poll(async () => sum((await figures()).get("age")), { timeout: 10_000, interval: 100 })
      .toBeGreaterThanOrEqual(3);
    const r = await figures();
    expect(sum(r.get("recv"))).toBe(3);
    expect(sum(r.get("age"))).toBe(3);
    expect(sum(r.get("drop"))).toBe(0);
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        ...window(),
        Namespace: "AWS/Lambda",
        MetricName: "AsyncEventAge",
        Dimensions: fnDims(ASYNC),
        Period: 3600,
        Statistics: ["Maximum", "Average", "SampleCount"],
      }),
    );
    const points = stats.Datapoints ?? [];
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => p.Unit === "Milliseconds")).toBe(true);
    expect(points.reduce((a, p) => a + (p.SampleCount ?? 0), 0)).toBe(3);
    for (const p of points) expect(p.Maximum ?? -1).toBeGreaterThanOrEqual(p.Average ?? 0);
  });

  test("ListMetrics lists them with Lambda's dimension sets", async () => {
    const out = await cw.send(new ListMetricsCommand({ Namespace: "AWS/Lambda" }));
    const listed = (out.Metrics ?? []).map(
      (m) => `${m.MetricName}|${(m.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(",")}`,
    );
    expect(listed).toContain("UnreservedConcurrentExecutions|");
    expect(listed).toContain(`ProvisionedConcurrencyUtilization|FunctionName=${PC}`);
    expect(listed).toContain(`ProvisionedConcurrentExecutions|FunctionName=${PC},Resource=${PC}:1`);
    expect(listed).toContain(`AsyncEventsReceived|FunctionName=${ASYNC}`);
    expect(listed).toContain(`AsyncEventAge|FunctionName=${ASYNC}`);
    expect(listed).not.toContain(`AsyncEventAge|FunctionName=${PC}`);
  });
});
