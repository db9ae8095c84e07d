import { describe, expect, it } from "vitest";
import { restActions, targetOperation } from "../http/operations";
import { classifyAction, eventNameOf, eventSourceOf, isRecorded } from "./classify";

/** Targets served by the engine's JSON-protocol services (api/logs, api/metrics, audit). */
const TARGETS = [
  "Logs_20140328.CreateLogGroup",
  "Logs_20140328.DeleteLogGroup",
  "Logs_20140328.DescribeLogGroups",
  "Logs_20140328.PutRetentionPolicy",
  "Logs_20140328.DeleteRetentionPolicy",
  "Logs_20140328.CreateLogStream",
  "Logs_20140328.DeleteLogStream",
  "Logs_20140328.DescribeLogStreams",
  "Logs_20140328.PutLogEvents",
  "Logs_20140328.GetLogEvents",
  "Logs_20140328.FilterLogEvents",
  "Logs_20140328.StartLiveTail",
  "GraniteServiceVersion20100801.GetMetricData",
  "GraniteServiceVersion20100801.GetMetricStatistics",
  "GraniteServiceVersion20100801.ListMetrics",
  "CloudTrail_20131101.LookupEvents",
];

const head = { method: "POST", path: "/", query: new URLSearchParams(), headers: {} };

describe("the audit trail's classification", () => {
  it("classifies every operation in operations.ts", () => {
    const actions = [
      ...restActions(),
      ...TARGETS.map((t) => targetOperation(t)?.(head).action ?? `no operation for ${t}`),
    ];
    expect(actions.length).toBeGreaterThan(40);
    expect(actions.filter((a) => classifyAction(a) === undefined)).toEqual([]);
  });

  it("records writes, not reads or data events", () => {
    const recorded = restActions().filter(isRecorded).sort();
    expect(recorded).toEqual(
      [
        "lambda:CreateAlias",
        "lambda:CreateFunction",
        "lambda:DeleteAlias",
        "lambda:DeleteFunction",
        "lambda:DeleteFunctionConcurrency",
        "lambda:DeleteFunctionEventInvokeConfig",
        "lambda:DeleteProvisionedConcurrencyConfig",
        "lambda:PublishVersion",
        "lambda:PutFunctionConcurrency",
        "lambda:PutFunctionEventInvokeConfig",
        "lambda:PutProvisionedConcurrencyConfig",
        "lambda:TagResource",
        "lambda:UntagResource",
        "lambda:UpdateAlias",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:UpdateFunctionEventInvokeConfig",
        // Issue 21: resource policies, function URLs, recursion and runtime management.
        "lambda:AddPermission",
        "lambda:RemovePermission",
        "lambda:CreateFunctionUrlConfig",
        "lambda:UpdateFunctionUrlConfig",
        "lambda:DeleteFunctionUrlConfig",
        "lambda:PutFunctionRecursionConfig",
        "lambda:PutRuntimeManagementConfig",
      ].sort(),
    );
    expect(classifyAction("lambda:InvokeFunction")).toBe("data");
    expect(classifyAction("logs:PutLogEvents")).toBe("data");
    expect(classifyAction("s3:PutObject")).toBe("data");
    expect(classifyAction("s3:CreateBucket")).toBe("write");
    expect(classifyAction("rds:DescribeDBInstances")).toBe("read");
    expect(classifyAction("secretsmanager:GetSecretValue")).toBe("read");
    expect(classifyAction("secretsmanager:PutSecretValue")).toBe("write");
    expect(classifyAction("elasticfilesystem:CreateMountTarget")).toBe("write");
    // A verb no rule knows is recorded rather than silently dropped.
    expect(classifyAction("foo:Frobnicate")).toBeUndefined();
    expect(isRecorded("foo:Frobnicate")).toBe(true);
  });

  it("names events as CloudTrail does", () => {
    expect(eventNameOf("lambda:UpdateFunctionConfiguration")).toBe(
      "UpdateFunctionConfiguration20150331v2",
    );
    expect(eventNameOf("lambda:PutProvisionedConcurrencyConfig")).toBe(
      "PutProvisionedConcurrencyConfig",
    );
    expect(eventNameOf("rds:CreateDBProxy")).toBe("CreateDBProxy");
    expect(eventSourceOf("cloudwatch:PutMetricAlarm")).toBe("monitoring.amazonaws.com");
    expect(eventSourceOf("elasticfilesystem:CreateFileSystem")).toBe(
      "elasticfilesystem.amazonaws.com",
    );
  });
});
