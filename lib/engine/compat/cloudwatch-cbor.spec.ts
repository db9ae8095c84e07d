import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cbor, dateToTag } from "@smithy/core/cbor";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInput, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { CreateFunctionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { NodeSha256 } from "../http/node-sha256";
import { clientEnv, executables, run } from "./clients";
import { engineCredentials } from "@/test/support/client-config";

/**
 * CloudWatch over Smithy RPC v2 CBOR, the first protocol of CloudWatch's current model: requests
 * encoded with the SDK's own CBOR codec (@smithy/core/cbor), and botocore's CBOR client where the
 * machine has a botocore that speaks it (1.36+; Debian's 1.29 does not).
 */
let t: TestEngine;
let dir: string;
const FN = "cbor-fn";
beforeAll(async () => {
  t = await startTestEngine("compat-cbor-");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "compat-cbor-home-"));
  await t.lambda.send(new CreateFunctionCommand(createInput(FN)));
  await settled(t.lambda, FN);
  await t.lambda.send(new InvokeCommand({ FunctionName: FN, Payload: Buffer.from("{}") }));
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function call(operation: string, input: Record<string, unknown>) {
  const url = new URL(t.engine.endpoint);
  const signer = new SignatureV4({
    credentials: engineCredentials(t.engine),
    region: "us-east-1",
    service: "monitoring",
    sha256: NodeSha256,
  });
  const body = cbor.serialize(input);
  const signed = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: `/service/GraniteServiceVersion20100801/operation/${operation}`,
      headers: {
        host: url.host,
        "content-type": "application/cbor",
        accept: "application/cbor",
        "smithy-protocol": "rpc-v2-cbor",
      },
      body,
    }),
  );
  const res = await fetch(`${t.engine.endpoint}${signed.path}`, {
    method: "POST",
    headers: signed.headers,
    body: Buffer.from(body),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, doc: cbor.deserialize(bytes) as Record<string, unknown> };
}

const hourAgo = () => dateToTag(new Date(Date.now() - 3600_000));
const soon = () => dateToTag(new Date(Date.now() + 300_000));
const dims = [{ Name: "FunctionName", Value: FN }];

describe("CloudWatch over RPC v2 CBOR", () => {
  it("ListMetrics, GetMetricStatistics and GetMetricData answer in CBOR, timestamps as tag-1 epoch seconds", async () => {
    const listed = await call("ListMetrics", {
      Namespace: "AWS/Lambda",
      MetricName: "Invocations",
      Dimensions: dims,
    });
    expect(listed.res.status).toBe(200);
    expect(listed.res.headers.get("smithy-protocol")).toBe("rpc-v2-cbor");
    expect(listed.doc.Metrics).toContainEqual({
      Namespace: "AWS/Lambda",
      MetricName: "Invocations",
      Dimensions: dims,
    });
    const stats = await call("GetMetricStatistics", {
      Namespace: "AWS/Lambda",
      MetricName: "Invocations",
      Dimensions: dims,
      StartTime: hourAgo(),
      EndTime: soon(),
      Period: 3600,
      Statistics: ["Sum"],
    });
    expect(stats.doc).toMatchObject({
      Label: "Invocations",
      Datapoints: [{ Sum: 1, Unit: "Count" }],
    });
    const point = (stats.doc.Datapoints as { Timestamp: unknown }[])[0];
    // The codec hands tags back as they came: tag 1, epoch seconds of the hour.
    expect(point?.Timestamp).toMatchObject({ tag: 1 });
    const seconds = (point?.Timestamp as { value: number }).value;
    expect(seconds % 3600).toBe(0);
    expect(seconds * 1000).toBeGreaterThan(Date.now() - 2 * 3600_000);
    const data = await call("GetMetricData", {
      MetricDataQueries: [
        {
          Id: "inv",
          MetricStat: {
            Metric: { Namespace: "AWS/Lambda", MetricName: "Invocations", Dimensions: dims },
            Period: 60,
            Stat: "Sum",
          },
        },
      ],
      StartTime: hourAgo(),
      EndTime: soon(),
    });
    expect(data.doc.MetricDataResults).toMatchObject([
      { Id: "inv", Values: [1], StatusCode: "Complete" },
    ]);
  });

  it("errors: __type and message in CBOR, the query code in x-amzn-query-error; unknown operations and bodies", async () => {
    const bad = await call("GetMetricStatistics", {
      Namespace: "AWS/Lambda",
      MetricName: "Invocations",
      StartTime: hourAgo(),
      EndTime: soon(),
      Period: 7,
      Statistics: ["Sum"],
    });
    expect(bad.res.status).toBe(400);
    expect(bad.res.headers.get("x-amzn-query-error")).toBe("InvalidParameterValue;Sender");
    expect(bad.doc).toEqual({
      __type: "com.amazonaws.cloudwatch#InvalidParameterValueException",
      message: "The parameter Period must be 1, 5, 10, 30, or a multiple of 60.",
    });
    const unknown = await call("PutMetricAlarm", {});
    expect(unknown.res.status).toBe(404);
    expect(unknown.doc.__type).toBe("com.amazonaws.cloudwatch#UnknownOperationException");
  });

  const pythons = executables("python3");
  it("botocore's own CBOR client, where the machine's botocore speaks it", async (ctx) => {
    const script = [
      "import os, botocore, botocore.model, botocore.utils, boto3",
      "from datetime import datetime, timedelta, timezone",
      "if 'smithy-rpc-v2-cbor' not in botocore.utils.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS: raise SystemExit(3)",
      // botocore prefers JSON; a client that prefers CBOR (as other SDKs do) is what is checked.
      "botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = ('smithy-rpc-v2-cbor', 'json', 'query')",
      "c = boto3.client('cloudwatch', endpoint_url=os.environ['ENGINE_ENDPOINT'], region_name='us-east-1')",
      "assert c.meta.service_model.resolved_protocol == 'smithy-rpc-v2-cbor'",
      "now = datetime.now(timezone.utc)",
      `r = c.get_metric_statistics(Namespace='AWS/Lambda', MetricName='Invocations', Dimensions=[{'Name': 'FunctionName', 'Value': '${FN}'}], StartTime=now - timedelta(hours=1), EndTime=now + timedelta(minutes=5), Period=3600, Statistics=['Sum'])`,
      "print(sum(d['Sum'] for d in r['Datapoints']))",
      "try: c.get_metric_statistics(Namespace='AWS/Lambda', MetricName='Invocations', StartTime=now - timedelta(hours=1), EndTime=now, Period=7, Statistics=['Sum'])",
      "except c.exceptions.ClientError as e: print(e.response['Error']['Code'])",
    ].join("\n");
    for (const python of pythons) {
      const r = await run(python, ["-c", script], clientEnv(t.engine, dir));
      if (r.code === 3 || /No module named/.test(r.stderr)) continue;
      expect(r.stderr).toBe("");
      expect(r.stdout.trim().split("\n")).toEqual(["1.0", "InvalidParameterValue"]);
      return;
    }
    ctx.skip("no python3 on PATH has a botocore with smithy-rpc-v2-cbor (Debian's 1.29 has none)");
  });
});
