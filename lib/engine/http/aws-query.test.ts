import { describe, expect, it } from "vitest";
import { QueryParams, queryInput, queryOperation, queryResponse, xmlList } from "./aws-query";
import { Router, type DispatchedCall } from "./router";
import { empty, type EngineRequest } from "./types";

const form = (body: string, query = ""): Pick<EngineRequest, "body" | "query"> => ({
  body: Buffer.from(body),
  query: new URLSearchParams(query),
});

const signedFor = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

const request = (body: string, headers: Record<string, string>): EngineRequest => ({
  method: "POST",
  path: "/",
  rawPath: "/",
  query: new URLSearchParams(),
  headers,
  body: Buffer.from(body),
  params: {},
});

describe("awsQuery input", () => {
  it("turns a form into the JSON protocols' input document, typed where the model types it", () => {
    const body = [
      "Action=GetMetricData",
      "Version=2010-08-01",
      "StartTime=2026-12-06T07%3A00%3A00Z",
      "MaxDatapoints=10",
      "MetricDataQueries.member.2.Id=b",
      "MetricDataQueries.member.2.ReturnData=false",
      "MetricDataQueries.member.1.Id=a",
      "MetricDataQueries.member.1.MetricStat.Period=60",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=FunctionName",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=f%20one",
      "Statistics=",
    ].join("&");
    const input = queryInput(new QueryParams(form(body)), {
      MaxDatapoints: "integer",
      Period: "integer",
      ReturnData: "boolean",
      Statistics: "list",
    });
    expect(input).toEqual({
      StartTime: "2026-12-06T07:00:00Z",
      MaxDatapoints: 10,
      MetricDataQueries: [
        {
          Id: "a",
          MetricStat: {
            Period: 60,
            Metric: { Dimensions: [{ Name: "FunctionName", Value: "f one" }] },
          },
        },
        { Id: "b", ReturnData: false },
      ],
      Statistics: [],
    });
  });

  it("leaves text that is not of its type as text, for the operation to refuse", () => {
    const input = queryInput(new QueryParams(form("Period=sixty&ReturnData=yes")), {
      Period: "integer",
      ReturnData: "boolean",
    });
    expect(input).toEqual({ Period: "sixty", ReturnData: "yes" });
  });

  it("reads the action from the body, else from the query string", () => {
    expect(new QueryParams(form("Action=ListMetrics")).action).toBe("ListMetrics");
    expect(new QueryParams(form("", "Action=DescribeDBInstances")).action).toBe(
      "DescribeDBInstances",
    );
  });
});

describe("awsQuery output", () => {
  it("writes lists as member items (or the model's member name), maps as entries, dates as ISO 8601", () => {
    const res = queryResponse(
      "GetMetricStatistics",
      {
        Label: "a<b",
        Datapoints: [{ Timestamp: new Date(0), ExtendedStatistics: new Map([["p99", 1.5]]) }],
        Tags: xmlList("Tag", [{ Key: "k" }]),
        Skipped: undefined,
      },
      "http://monitoring.amazonaws.com/doc/2010-08-01/",
    );
    expect(res.body).toContain(
      '<GetMetricStatisticsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><GetMetricStatisticsResult>' +
        "<Label>a&lt;b</Label><Datapoints><member><Timestamp>1970-01-01T00:00:00.000Z</Timestamp>" +
        "<ExtendedStatistics><entry><key>p99</key><value>1.5</value></entry></ExtendedStatistics>" +
        "</member></Datapoints><Tags><Tag><Key>k</Key></Tag></Tags></GetMetricStatisticsResult>",
    );
    expect(res.body).toContain(`<RequestId>${res.headers?.["x-amzn-requestid"]}</RequestId>`);
  });
});

describe("a query service on the router", () => {
  const calls: DispatchedCall[] = [];
  const op = queryOperation("cloudwatch");
  const router = new Router()
    .service("monitoring", op.head, () => empty(200), op.body)
    .observe((c) => calls.push(c));

  it("names the operation from the form once the body is read (what authorization and the audit trail see)", async () => {
    const headers = { authorization: signedFor("monitoring") };
    const match = router.match({
      method: "POST",
      path: "/",
      query: new URLSearchParams(),
      headers,
    });
    expect(match.error ? undefined : match.operation?.action).toBe("cloudwatch:*");
    await router.dispatch(match, request("Action=ListMetrics&Version=2010-08-01", headers));
    expect(calls.map((c) => [c.operation.action, c.operation.protocol])).toEqual([
      ["cloudwatch:ListMetrics", "awsQuery"],
    ]);
  });

  it("attack: a function's credentials are refused in XML, naming the action from the form", async () => {
    const headers = { authorization: signedFor("monitoring") };
    const req = request("Action=ListMetrics&Version=2010-08-01", headers);
    const res = await router.handle({
      ...req,
      principal: {
        kind: "function",
        accessKeyId: "ASIAFUNCTION",
        scope: {
          functionName: "fn",
          functionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn",
          roleArn: "arn:aws:iam::123456789012:role/role",
          logGroup: "/aws/lambda/fn",
        },
      },
    });
    expect(res.status).toBe(403);
    expect(String(res.body)).toContain(
      "<Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/role/fn is not authorized to perform: cloudwatch:ListMetrics on resource: *",
    );
  });

  it("leaves a request with an X-Amz-Target to the JSON protocol's targets", () => {
    const headers = {
      authorization: signedFor("monitoring"),
      "x-amz-target": "GraniteServiceVersion20100801.ListMetrics",
    };
    const match = router.match({
      method: "POST",
      path: "/",
      query: new URLSearchParams(),
      headers,
    });
    expect(match.error?.type).toBe("UnknownOperationException");
  });

  it("a hooked view's service runs the hook first, as its routes and targets do", async () => {
    let hooked = 0;
    const base = new Router();
    base.withHook(() => hooked++).service("monitoring", op.head, () => empty(200), op.body);
    const headers = { authorization: signedFor("monitoring") };
    await base.handle(request("Action=ListMetrics", headers));
    expect(hooked).toBe(1);
  });
});
