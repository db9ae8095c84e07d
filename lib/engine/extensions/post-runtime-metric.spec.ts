import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  CreateFunctionCommand,
  InvokeCommand,
  PublishLayerVersionCommand,
} from "@aws-sdk/client-lambda";
import { afterAll, describe, expect } from "vitest";
import { createInput, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { SHELL_EXTENSION } from "@/test/support/test-extensions";

let t: TestEngine;
let cw: CloudWatchClient;

const test = engineTest("post-runtime-metric-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  const { accessKeyId, secretAccessKey } = t.engine.ctx.config;
  cw = new CloudWatchClient({
    endpoint: t.engine.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  const layer = await t.lambda.send(
    new PublishLayerVersionCommand({
      LayerName: "shell-ext",
      Content: { ZipFile: makeZip({ "extensions/shell-ext": [SHELL_EXTENSION, 0o755] }) },
    }),
  );
  // One function whose extension sleeps 250 ms after each INVOKE before its next Next (the
  // runtime answers within that time), one without extensions.
  await t.lambda.send(
    new CreateFunctionCommand(
      createInput("post-ext", {
        Timeout: 5,
        Layers: [layer.LayerVersionArn ?? ""],
        Environment: { Variables: { EXT_POST_S: "0.25" } },
      }),
    ),
  );
  await t.lambda.send(new CreateFunctionCommand(createInput("post-plain")));
  await settled(t.lambda, "post-ext");
  await settled(t.lambda, "post-plain");
}, 60_000);

afterAll(async () => {
  cw?.destroy();
});

const fnDim = (name: string) => [{ Name: "FunctionName", Value: name }];

describe("PostRuntimeExtensionsDuration (AWS/Lambda) through @aws-sdk/client-cloudwatch", () => {
  test("records the extension time after the runtime's response; functions without extensions have none", async () => {
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    for (const name of ["post-ext", "post-ext", "post-plain"]) {
      const r = await t.lambda.send(
        new InvokeCommand({ FunctionName: name, Payload: Buffer.from("{}") }),
      );
      expect(r.FunctionError).toBeUndefined();
    }
    const end = new Date(Date.now() + 120_000);

    // The caller has its answer before the extension finishes: the sample follows it.
    const stats = () =>
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/Lambda",
          MetricName: "PostRuntimeExtensionsDuration",
          Dimensions: fnDim("post-ext"),
          StartTime: start,
          EndTime: end,
          Period: 3600,
          Statistics: ["Maximum", "Minimum", "SampleCount"],
        }),
      );
    await expect.poll(async () => (await stats()).Datapoints?.[0]?.SampleCount).toBe(2);
    const { Datapoints } = await stats();
    const point = Datapoints?.[0];
    expect(Datapoints).toHaveLength(1);
    expect(point?.Unit).toBe("Milliseconds");
    expect(point?.SampleCount).toBe(2);
    expect(point?.Maximum).toBeGreaterThanOrEqual(200);
    // Counted from the runtime's answer, not from the INVOKE: never more than the sleep itself.
    expect(point?.Minimum).toBeGreaterThan(0);

    const data = await cw.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        MetricDataQueries: ["post-ext", "post-plain"].map((name, i) => ({
          Id: `m${i}`,
          MetricStat: {
            Metric: {
              Namespace: "AWS/Lambda",
              MetricName: "PostRuntimeExtensionsDuration",
              Dimensions: fnDim(name),
            },
            Period: 3600,
            Stat: "Maximum",
          },
        })),
      }),
    );
    const byId = new Map(data.MetricDataResults?.map((r) => [r.Id, r.Values ?? []]));
    expect(byId.get("m0")?.[0]).toBeGreaterThanOrEqual(200);
    // Without extensions there is no point at all (not a zero), as on Lambda.
    expect(byId.get("m1")).toEqual([]);

    // Its Duration (INVOKE to the extension's next Next) includes the extension time.
    const duration = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/Lambda",
        MetricName: "Duration",
        Dimensions: fnDim("post-ext"),
        StartTime: start,
        EndTime: end,
        Period: 3600,
        Statistics: ["Minimum"],
      }),
    );
    expect(duration.Datapoints?.[0]?.Minimum).toBeGreaterThanOrEqual(250);

    const listed = await cw.send(
      new ListMetricsCommand({
        Namespace: "AWS/Lambda",
        MetricName: "PostRuntimeExtensionsDuration",
      }),
    );
    const fns = (listed.Metrics ?? [])
      .flatMap((m) => m.Dimensions ?? [])
      .filter((d) => d.Name === "FunctionName")
      .map((d) => d.Value);
    expect(fns).toContain("post-ext");
    expect(fns).not.toContain("post-plain");
    // The aggregate (no dimensions) is listed too, as for Duration.
    expect(listed.Metrics?.some((m) => (m.Dimensions ?? []).length === 0)).toBe(true);
    const plain = await cw.send(
      new ListMetricsCommand({ Namespace: "AWS/Lambda", Dimensions: fnDim("post-plain") }),
    );
    expect(plain.Metrics?.map((m) => m.MetricName)).toContain("Duration");
  }, 60_000);
});
