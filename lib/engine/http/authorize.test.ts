import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { targetOperation } from "./operations";
import type { EngineRequest, Principal } from "./types";

const fn: Principal = {
  kind: "function",
  accessKeyId: "ASIA0",
  scope: {
    functionName: "fn-a",
    functionArn: "arn:aws:lambda:eu-west-1:000000000000:function:fn-a",
    roleArn: "arn:aws:iam::111122223333:role/service-role/exec-role",
    logGroup: "/custom/a",
  },
};

const request = (target: string, body: unknown): EngineRequest => ({
  method: "POST",
  path: "/",
  rawPath: "/",
  query: new URLSearchParams(),
  headers: { "x-amz-target": target },
  body: Buffer.from(JSON.stringify(body)),
  params: {},
});

const check = (principal: Principal, target: string, body: unknown) => {
  const op = targetOperation(target);
  if (!op) throw new Error(`no operation for ${target}`);
  const req = request(target, body);
  return authorize(principal, op(req), req);
};

describe("authorize", () => {
  it("allows writes to the configured log group, naming the role without its path", () => {
    const put = "Logs_20140328.PutLogEvents";
    expect(check(fn, put, { logGroupName: "/custom/a" })).toBeUndefined();
    const denied = check(fn, put, { logGroupName: "/aws/lambda/fn-a" });
    expect(denied?.status).toBe(403);
    expect(JSON.parse(String(denied?.body))).toEqual({
      __type: "AccessDeniedException",
      message:
        "User: arn:aws:sts::111122223333:assumed-role/exec-role/fn-a is not authorized to perform: logs:PutLogEvents on resource: arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/fn-a:* because no identity-based policy allows the logs:PutLogEvents action",
    });
  });

  it("denies a call that names its own group and another one", () => {
    const denied = check(fn, "Logs_20140328.CreateLogStream", {
      logGroupName: "/custom/a",
      logGroupIdentifier: "arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/fn-b:*",
    });
    expect(JSON.parse(String(denied?.body)).message).toContain(
      "on resource: arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/fn-b:*",
    );
  });

  it("denies metrics in CloudWatch's query-compatible shape; the engine's key passes", () => {
    const target = "GraniteServiceVersion20100801.ListMetrics";
    const denied = check(fn, target, {});
    expect(denied?.headers).toMatchObject({
      "x-amzn-errortype": "AccessDeniedException",
      "x-amzn-query-error": "AccessDenied;Sender",
    });
    expect(JSON.parse(String(denied?.body)).message).toContain(
      "cloudwatch:ListMetrics on resource: * because",
    );
    expect(check({ kind: "engine", accessKeyId: "AKIA0" }, target, {})).toBeUndefined();
  });
});
