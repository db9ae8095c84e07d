import { describe, expect, it } from "vitest";
import { authorize } from "./authorize";
import { restOperation, targetOperation } from "./operations";
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

describe("ARNs of another account", () => {
  const home = { accountId: "000000000000", region: "us-east-1" };
  const engine: Principal = { kind: "engine", accessKeyId: "AKIA0" };
  const rest = (method: string, template: string, params: Record<string, string>, q = "") => {
    const op = restOperation(method, template);
    if (!op) throw new Error(`no operation for ${method} ${template}`);
    const req: EngineRequest = {
      method,
      path: "/",
      rawPath: "/",
      query: new URLSearchParams(q),
      headers: {},
      body: Buffer.alloc(0),
      params,
    };
    return (principal: Principal) => authorize(principal, op(req), req, home);
  };
  const message = (r: ReturnType<typeof authorize>) =>
    r && (JSON.parse(String(r.body)) as { Message: string }).Message;

  it("are refused to the engine's key too, naming the resource as asked", () => {
    const getFn = (name: string, q = "") =>
      rest("GET", "/2015-03-31/functions/:name", { name }, q)(engine);
    const denied = getFn("arn:aws:lambda:us-east-1:111111111111:function:foo");
    expect(denied?.status).toBe(403);
    expect(denied?.headers?.["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(JSON.parse(String(denied?.body))).toEqual({
      Type: "User",
      Message:
        "User: arn:aws:iam::000000000000:root is not authorized to perform: lambda:GetFunction on resource: arn:aws:lambda:us-east-1:111111111111:function:foo because no resource-based policy allows the lambda:GetFunction action",
    });
    expect(message(getFn("111111111111:function:foo", "Qualifier=prod"))).toContain(
      "on resource: arn:aws:lambda:us-east-1:111111111111:function:foo:prod because",
    );
    expect(message(getFn("eu-west-1:111111111111:function:foo:2"))).toBeUndefined();
  });

  it("this account's ARNs, plain names and qualifiers that look like accounts pass", () => {
    const getFn = (name: string) => rest("GET", "/2015-03-31/functions/:name", { name })(engine);
    expect(getFn("arn:aws:lambda:us-east-1:000000000000:function:foo")).toBeUndefined();
    expect(getFn("000000000000:function:foo")).toBeUndefined();
    expect(getFn("foo")).toBeUndefined();
    expect(getFn("foo:111111111111")).toBeUndefined();
    expect(getFn("111111111111:1")).toBeUndefined();
    // A layer of another account is the layer routes' to answer (layers/service.ts).
    const layer = rest("GET", "/2018-10-31/layers/:name/versions", {
      name: "arn:aws:lambda:us-east-1:111111111111:layer:shared",
    });
    expect(layer(engine)).toBeUndefined();
  });

  it("a function's session may not invoke another account's function, nor tag it", () => {
    const invoke = rest("POST", "/2015-03-31/functions/:name/invocations", {
      name: "arn:aws:lambda:us-east-1:111111111111:function:foo",
    });
    expect(message(invoke(fn))).toBe(
      "User: arn:aws:sts::111122223333:assumed-role/exec-role/fn-a is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:111111111111:function:foo because no resource-based policy allows the lambda:InvokeFunction action",
    );
    const tag = rest("POST", "/2017-03-31/tags/:arn", {
      arn: "arn:aws:lambda:us-east-1:111111111111:function:foo",
    });
    expect(tag(engine)?.status).toBe(403);
  });
});
