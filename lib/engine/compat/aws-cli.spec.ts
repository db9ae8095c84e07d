import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeZip, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { DEBIAN_AWS_CLI, clientEnv, executables, run } from "./clients";

// Debian's AWS CLI v2 (install-system-packages.sh installs it). The CLI v1 is botocore, whose
// protocols boto3.spec.ts covers; LAMBDA_COMPAT_ALL_CLIS=1 runs every other `aws` on PATH too
// (a pip-installed CLI v1), at ~2 minutes each on a loaded machine.
const CLIS = process.env.LAMBDA_COMPAT_ALL_CLIS
  ? executables("aws", [DEBIAN_AWS_CLI])
  : [DEBIAN_AWS_CLI];

// Each CLI call starts a Python interpreter: ~1 s alone, up to ~7 s on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

let t: TestEngine;
let dir: string;
beforeAll(async () => {
  t = await startTestEngine("compat-cli-");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "compat-cli-home-"));
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("runs Debian's AWS CLI v2", async () => {
  const version = await run(DEBIAN_AWS_CLI, ["--version"], clientEnv(t.engine, dir));
  expect(version.stdout).toMatch(/^aws-cli\/2\./);
});

describe.each(CLIS.map((cli, i) => ({ cli, n: i + 1 })))("the AWS CLI at $cli", ({ cli, n }) => {
  let major = 2;
  const aws = async (...args: string[]) => {
    const r = await run(
      cli,
      [...args, "--endpoint-url", t.engine.endpoint],
      clientEnv(t.engine, dir),
    );
    // The s3 commands print text; the others JSON.
    const json = r.code === 0 && r.stdout.startsWith("{") ? (JSON.parse(r.stdout) as Json) : {};
    return { ...r, json };
  };
  const ok = async (...args: string[]) => {
    const r = await aws(...args);
    expect(r.stderr, `aws ${args.join(" ")}`).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    return r.json;
  };
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

  it("s3: mb, a multipart cp up and down, ls, and NoSuchKey", async () => {
    const bucket = `cli${n}-bucket`;
    await ok("s3", "mb", `s3://${bucket}`);
    // Above the CLI's 8 MB multipart threshold: CreateMultipartUpload, UploadPart, Complete.
    const big = path.join(dir, `big${n}`);
    fs.writeFileSync(big, Buffer.alloc(9 * 1024 * 1024, n));
    await ok("s3", "cp", big, `s3://${bucket}/dir/big`);
    await ok("s3", "cp", `s3://${bucket}/dir/big`, `${big}.back`);
    expect(fs.readFileSync(`${big}.back`).equals(fs.readFileSync(big))).toBe(true);
    const listed = await aws("s3", "ls", `s3://${bucket}/dir/`);
    expect(listed.stdout).toMatch(/ 9437184 big\n/);
    const head = await ok("s3api", "head-object", "--bucket", bucket, "--key", "dir/big");
    expect(head).toMatchObject({ ContentLength: 9437184 });
    const missing = await aws(
      "s3api",
      "get-object",
      "--bucket",
      bucket,
      "--key",
      "nope",
      path.join(dir, "nope"),
    );
    expect(missing.stderr).toContain("(NoSuchKey) when calling the GetObject operation");
  });

  it("secretsmanager, efs, signer: create and read back", async () => {
    await ok(
      "secretsmanager",
      "create-secret",
      "--name",
      `cli${n}-secret`,
      "--secret-string",
      "s3cret",
    );
    expect(
      await ok("secretsmanager", "get-secret-value", "--secret-id", `cli${n}-secret`),
    ).toMatchObject({ SecretString: "s3cret" });
    const fs1 = await ok("efs", "create-file-system", "--creation-token", `cli${n}-fs`);
    const described = await ok(
      "efs",
      "describe-file-systems",
      "--file-system-id",
      String(fs1.FileSystemId),
    );
    expect(described.FileSystems).toMatchObject([
      { FileSystemId: fs1.FileSystemId, LifeCycleState: "available" },
    ]);
    await ok(
      "signer",
      "put-signing-profile",
      "--profile-name",
      `cli${n}_profile`,
      "--platform-id",
      "AWSLambda-SHA384-ECDSA",
    );
    expect(
      await ok("signer", "get-signing-profile", "--profile-name", `cli${n}_profile`),
    ).toMatchObject({ platformId: "AWSLambda-SHA384-ECDSA", status: "Active" });
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

/** What the CLI prints, as far as these specs read it. */
interface Json {
  [key: string]: unknown;
  Metrics?: unknown[];
  Datapoints?: { Timestamp?: unknown }[];
  MetricDataResults?: unknown[];
  events?: { message?: string }[];
  FileSystems?: unknown[];
  FileSystemId?: unknown;
  DBInstance?: unknown;
  DBInstances?: { DBInstanceStatus?: string }[];
  Events?: { Resources?: { ResourceName?: string }[] }[];
  Configuration?: unknown;
}
