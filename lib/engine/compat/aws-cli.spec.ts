import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { DEBIAN_AWS_CLI, clientEnv, run } from "./clients";
import { CLIS, cliCalls, setUpCliEngine } from "./aws-cli-harness";

// The function's life through the CLI: lambda, its metrics and logs; rds; cloudtrail's record of
// those writes. S3, Secrets Manager, EFS and Signer: aws-cli-storage.spec.ts.

let t: TestEngine;
let dir: string;
setUpCliEngine("compat-cli", (engine, home) => {
  t = engine;
  dir = home;
});

it("runs Debian's AWS CLI v2", async () => {
  const version = await run(DEBIAN_AWS_CLI, ["--version"], clientEnv(t.engine, dir));
  expect(version.stdout).toMatch(/^aws-cli\/2\./);
});

describe.each(CLIS.map((cli, i) => ({ cli, n: i + 1 })))("the AWS CLI at $cli", ({ cli, n }) => {
  let major = 2;
  const { aws, ok } = cliCalls(
    cli,
    () => t,
    () => dir,
  );
  const fn = `cli${n}-fn`;
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  beforeAll(async () => {
    const version = await run(cli, ["--version"], clientEnv(t.engine, dir));
    major = Number(/aws-cli\/(\d+)/.exec(version.stdout + version.stderr)?.[1] ?? 2);
  });

  it("lambda: create-function from a zip, invoke, get-function, and AWS's error for a missing one", async () => {
    const zip = path.join(dir, `${fn}.zip`);
    fs.writeFileSync(
      zip,
      makeZip({ "index.mjs": "export const handler = async (e) => ({ echo: e });\n" }),
    );
    const created = await ok(
      ...["lambda", "create-function", "--function-name", fn, "--runtime", "nodejs20.x"],
      ...["--handler", "index.handler", "--role", "arn:aws:iam::123456789012:role/lambda-role"],
      ...["--zip-file", `fileb://${zip}`],
    );
    expect(created).toMatchObject({ FunctionName: fn, Runtime: "nodejs20.x" });
    await settled(t.lambda, fn);
    const out = path.join(dir, `${fn}.out`);
    // CLI v2 reads --payload as base64 unless told otherwise; v1 takes it raw.
    const binary = major >= 2 ? ["--cli-binary-format", "raw-in-base64-out"] : [];
    const invoked = await ok(
      "lambda",
      "invoke",
      "--function-name",
      fn,
      ...binary,
      "--payload",
      '{"n":1}',
      out,
    );
    expect(invoked).toMatchObject({ StatusCode: 200, ExecutedVersion: "$LATEST" });
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual({ echo: { n: 1 } });
    expect((await ok("lambda", "get-function", "--function-name", fn)).Configuration).toMatchObject(
      { State: "Active" },
    );
    const missing = await aws("lambda", "get-function", "--function-name", `${fn}-missing`);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(
      "(ResourceNotFoundException) when calling the GetFunction operation",
    );
  });

  it("cloudwatch (the query protocol): list-metrics, get-metric-statistics and get-metric-data see the invoke", async () => {
    const dims = `Name=FunctionName,Value=${fn}`;
    const listed = await ok(
      "cloudwatch",
      "list-metrics",
      "--namespace",
      "AWS/Lambda",
      "--metric-name",
      "Invocations",
      "--dimensions",
      dims,
    );
    expect(listed.Metrics).toContainEqual({
      Namespace: "AWS/Lambda",
      MetricName: "Invocations",
      Dimensions: [{ Name: "FunctionName", Value: fn }],
    });
    const range = ["--start-time", minutesAgo(60), "--end-time", minutesAgo(-5)];
    const stats = await ok(
      ...[
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "AWS/Lambda",
        "--metric-name",
        "Duration",
      ],
      ...[
        "--dimensions",
        dims,
        "--period",
        "3600",
        "--statistics",
        "SampleCount",
        "Maximum",
        ...range,
      ],
    );
    expect(stats).toMatchObject({
      Label: "Duration",
      Datapoints: [{ SampleCount: 1, Unit: "Milliseconds" }],
    });
    // CLI v2 prints ISO 8601; CLI v1 prints what the wire carried (epoch seconds over JSON).
    const ts = stats.Datapoints?.[0]?.Timestamp;
    const ms = typeof ts === "number" ? ts * 1000 : Date.parse(String(ts));
    expect(ms).toBeGreaterThan(Date.now() - 2 * 3600_000);
    const query = [
      {
        Id: "inv",
        MetricStat: {
          Metric: {
            Namespace: "AWS/Lambda",
            MetricName: "Invocations",
            Dimensions: [{ Name: "FunctionName", Value: fn }],
          },
          Period: 60,
          Stat: "Sum",
        },
      },
    ];
    const data = await ok(
      "cloudwatch",
      "get-metric-data",
      "--metric-data-queries",
      JSON.stringify(query),
      ...range,
    );
    expect(data.MetricDataResults).toMatchObject([
      { Id: "inv", Label: "Invocations", Values: [1], StatusCode: "Complete" },
    ]);
    const bad = await aws(
      ...[
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "AWS/Lambda",
        "--metric-name",
        "Invocations",
      ],
      ...["--period", "7", "--statistics", "Sum", ...range],
    );
    expect(bad.stderr).toContain(
      "An error occurred (InvalidParameterValue) when calling the GetMetricStatistics operation: The parameter Period must be 1, 5, 10, 30, or a multiple of 60.",
    );
  });

  it("logs: create-log-group, put-log-events, get-log-events; the function's own log stream", async () => {
    const group = `/cli${n}/app`;
    await ok("logs", "create-log-group", "--log-group-name", group);
    await ok("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "s");
    await ok(
      "logs",
      "put-log-events",
      "--log-group-name",
      group,
      "--log-stream-name",
      "s",
      "--log-events",
      `timestamp=${Date.now()},message=hello`,
    );
    const got = await ok(
      "logs",
      "get-log-events",
      "--log-group-name",
      group,
      "--log-stream-name",
      "s",
    );
    expect(got.events?.map((e) => e.message)).toEqual(["hello"]);
    const filtered = await ok(
      "logs",
      "filter-log-events",
      "--log-group-name",
      `/aws/lambda/${fn}`,
      "--filter-pattern",
      "REPORT",
    );
    expect(filtered.events).toHaveLength(1);
    const dup = await aws("logs", "create-log-group", "--log-group-name", group);
    expect(dup.stderr).toContain("(ResourceAlreadyExistsException)");
  });

  it("rds (the query protocol): create-db-instance, describe-db-instances until available, delete", async () => {
    const id = `cli${n}-db`;
    const created = await ok(
      ...["rds", "create-db-instance", "--db-instance-identifier", id, "--engine", "postgres"],
      ...[
        "--db-instance-class",
        "db.t3.micro",
        "--master-username",
        "app",
        "--master-user-password",
        "s3cret-Passw0rd",
        "--allocated-storage",
        "20",
      ],
    );
    expect(created.DBInstance).toMatchObject({
      DBInstanceIdentifier: id,
      DBInstanceStatus: "creating",
    });
    await expect
      .poll(
        async () =>
          (await ok("rds", "describe-db-instances", "--db-instance-identifier", id))
            .DBInstances?.[0]?.DBInstanceStatus,
        { timeout: 60_000 },
      )
      .toBe("available");
    const deleted = await ok(
      "rds",
      "delete-db-instance",
      "--db-instance-identifier",
      id,
      "--skip-final-snapshot",
    );
    expect(deleted.DBInstance).toMatchObject({ DBInstanceStatus: "deleting" });
    const bad = await aws(
      "rds",
      "create-db-instance",
      "--db-instance-identifier",
      `${id}-2`,
      "--engine",
      "postgres",
      "--db-instance-class",
      "db.t3.micro",
      "--master-username",
      "app",
    );
    expect(bad.stderr).toContain(
      "(InvalidParameterValue) when calling the CreateDBInstance operation: The parameter MasterUserPassword must be provided",
    );
  });

  it("cloudtrail: lookup-events finds the writes above by their names (RDS's too), and no reads", async () => {
    const named = async (name: string) =>
      (
        await ok(
          "cloudtrail",
          "lookup-events",
          "--lookup-attributes",
          `AttributeKey=EventName,AttributeValue=${name}`,
        )
      ).Events ?? [];
    const created = await named("CreateDBInstance");
    expect(created.map((e) => e.Resources?.[0]?.ResourceName)).toContain(`cli${n}-db`);
    expect(await named("CreateFunction20150331")).not.toHaveLength(0);
    expect(await named("DescribeDBInstances")).toEqual([]);
  });
});
