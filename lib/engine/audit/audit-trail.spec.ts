import { describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { createInput, failure } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { classifyAction } from "./classify";
import { HIDDEN } from "./parameters";
import { lookupAll, recordOf, type AuditTestEngine } from "@/test/support/audit";
import { auditTest } from "@/test/support/fixtures";
import { engineClientConfig } from "@/test/support/client-config";

/** The engine records every write as a CloudTrail event, whoever signs it, and nothing else. */

let t: AuditTestEngine;
let created: FunctionConfiguration & { requestId?: string };

const test = auditTest("audit-trail-");

test.beforeAll(async ({ audit }) => {
  t = audit;
  const out = await t.lambda.send(new CreateFunctionCommand(createInput("audited")));
  created = { ...out, requestId: out.$metadata.requestId };
  await settled(t.lambda, "audited");
});

describe("recorded calls", () => {
  test("records CreateFunction as CloudTrail does: who, what, parameters without the zip", async () => {
    const [event, ...more] = await lookupAll(t.cloudtrail, "EventName", "CreateFunction20150331");
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({
      EventName: "CreateFunction20150331",
      EventSource: "lambda.amazonaws.com",
      ReadOnly: "false",
      Username: "root",
      AccessKeyId: t.engine.ctx.config.accessKeyId,
      Resources: [{ ResourceType: "AWS::Lambda::Function", ResourceName: "audited" }],
    });
    expect(event?.EventTime).toBeInstanceOf(Date);
    const record = recordOf(event);
    expect(record).toMatchObject({
      eventSource: "lambda.amazonaws.com",
      eventName: "CreateFunction20150331",
      awsRegion: "us-east-1",
      sourceIPAddress: "127.0.0.1",
      requestID: created.requestId,
      eventID: event?.EventId,
      readOnly: false,
      eventType: "AwsApiCall",
      recipientAccountId: "123456789012",
      userIdentity: {
        type: "Root",
        arn: "arn:aws:iam::123456789012:root",
        accessKeyId: t.engine.ctx.config.accessKeyId,
      },
      requestParameters: {
        functionName: "audited",
        runtime: "nodejs20.x",
        handler: "index.handler",
        code: {},
      },
      responseElements: { functionArn: created.FunctionArn },
    });
    expect(String(record.userAgent)).toMatch(/aws-sdk-js/);
    expect(record).not.toHaveProperty("errorCode");
  });

  test("hides environment variable values in UpdateFunctionConfiguration, request and response", async () => {
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "audited",
        Description: "with secrets",
        Environment: { Variables: { DB_PASSWORD: "hunter2-value", API_TOKEN: "tok-value" } },
      }),
    );
    const [event] = await lookupAll(
      t.cloudtrail,
      "EventName",
      "UpdateFunctionConfiguration20150331v2",
    );
    expect(event?.CloudTrailEvent).not.toMatch(/hunter2-value|tok-value/);
    const record = recordOf(event);
    expect(record.requestParameters).toMatchObject({
      functionName: "audited",
      description: "with secrets",
      environment: { variables: HIDDEN },
    });
    expect(record.responseElements).toMatchObject({ environment: { variables: HIDDEN } });
  });

  test("records a failed call with its errorCode and errorMessage", async () => {
    const err = await failure(t.lambda.send(new DeleteFunctionCommand({ FunctionName: "nope" })));
    expect(err.name).toBe("ResourceNotFoundException");
    const [event] = await lookupAll(t.cloudtrail, "ResourceName", "nope");
    expect(event?.EventName).toBe("DeleteFunction20150331");
    expect(recordOf(event)).toMatchObject({
      errorCode: "ResourceNotFoundException",
      errorMessage: err.message,
      responseElements: null,
    });
  });

  test("records a function's scoped credentials as its assumed role, refusals as AccessDenied; they cannot read the trail", async () => {
    const fn = await settled(t.lambda, "audited");
    const creds = t.engine.credentials.issue({
      functionName: "audited",
      functionArn: fn.FunctionArn ?? "",
      roleArn: fn.Role ?? "",
      logGroup: "/aws/lambda/audited",
    });
    const config = { endpoint: t.engine.endpoint, region: "us-east-1", credentials: creds };
    const logs = new CloudWatchLogsClient({ ...config, maxAttempts: 1 });
    const lambda = new LambdaClient({ ...config, maxAttempts: 1 });
    const trail = new CloudTrailClient({ ...config, maxAttempts: 1 });
    try {
      // Function code may not read the account's trail (nor anyone's parameters in it).
      const lookup = await failure(trail.send(new LookupEventsCommand({})));
      expect(lookup).toMatchObject({ name: "AccessDeniedException", status: 403 });
      await logs.send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/audited" }));
      const denied = await failure(
        lambda.send(new DeleteFunctionCommand({ FunctionName: "audited" })),
      );
      expect(denied.name).toBe("AccessDeniedException");
    } finally {
      logs.destroy();
      lambda.destroy();
      trail.destroy();
    }
    const role = "arn:aws:sts::123456789012:assumed-role/lambda-role/audited";
    const events = await lookupAll(t.cloudtrail, "AccessKeyId", creds.accessKeyId);
    expect(events.map((e) => e.EventName)).toEqual(["DeleteFunction20150331", "CreateLogGroup"]);
    for (const e of events) {
      expect(e.Username).toBe("audited");
      expect(recordOf(e).userIdentity).toMatchObject({
        type: "AssumedRole",
        arn: role,
        accessKeyId: creds.accessKeyId,
        sessionContext: { sessionIssuer: { type: "Role", arn: fn.Role, userName: "lambda-role" } },
      });
    }
    expect(recordOf(events[0])).toMatchObject({ errorCode: "AccessDenied" });
    expect(recordOf(events[1])).toMatchObject({
      eventSource: "logs.amazonaws.com",
      requestParameters: { logGroupName: "/aws/lambda/audited" },
    });
    // The role's ARN finds them as well as the session name.
    expect(await lookupAll(t.cloudtrail, "Username", role)).toHaveLength(2);
  });

  test("does not record read-only calls or invocations", async () => {
    const before = (await lookupAll(t.cloudtrail)).length;
    await t.lambda.send(new GetFunctionCommand({ FunctionName: "audited" }));
    await t.lambda.send(new ListFunctionsCommand({}));
    const logs = new CloudWatchLogsClient(engineClientConfig(t.engine));
    await logs.send(new DescribeLogGroupsCommand({}));
    logs.destroy();
    const out = await t.lambda.send(new InvokeCommand({ FunctionName: "audited" }));
    expect(out.StatusCode).toBe(200);
    const after = await lookupAll(t.cloudtrail);
    expect(after).toHaveLength(before);
    expect(
      after
        .map((e) => e.EventName)
        .filter((n) => /^(Get|List|Describe|Invoke|Lookup)/.test(n ?? "")),
    ).toEqual([]);
    const readOnly = await t.cloudtrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }],
      }),
    );
    expect(readOnly.Events).toEqual([]);
  });

  test("classifies every action the running engine routes", () => {
    const unclassified = t.engine.router.actions().filter((a) => classifyAction(a) === undefined);
    expect(unclassified).toEqual([]);
    expect(t.engine.router.actions()).toContain("cloudtrail:LookupEvents");
  });
});
