import { afterAll, describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  ARN,
  createInput,
  failure,
  logsClientFor,
  makeZip,
  type TestEngine,
} from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { engineStatus } from "@/test/support/engine-status";

let t: TestEngine;
let logs: CloudWatchLogsClient;

// The destination prints every record it gets, one JSON line each.
const SINK = makeZip({
  "index.mjs":
    'export const handler = async (e) => { console.log("RECORD " + JSON.stringify(e)); return "ok"; };\n',
});
const FLAKY = makeZip({
  "index.mjs":
    'export const handler = async (e) => { console.log("RAN " + e.tag); if (e.fail) throw new Error("boom " + e.tag); return { echoed: e.tag }; };\n',
});

interface DestinationRecord {
  version: string;
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: string;
    approximateInvokeCount: number;
  };
  requestPayload: { tag: string };
  responseContext?: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload?: Record<string, unknown>;
}

async function lines(fn: string, prefix: string): Promise<string[]> {
  try {
    const r = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: `/aws/lambda/${fn}`,
        filterPattern: `"${prefix}"`,
      }),
    );
    return (r.events ?? []).map((e) => e.message ?? "").filter((m) => m.includes(prefix));
  } catch {
    return [];
  }
}

async function records(tag: string): Promise<DestinationRecord[]> {
  return (await lines("sink", "RECORD "))
    .map((l) => JSON.parse(l.slice(l.indexOf("RECORD ") + 7)) as DestinationRecord)
    .filter((r) => r.requestPayload.tag === tag);
}

const test = engineTest("async-spec-", { LAMBDA_ENGINE_ASYNC_DELAY_SCALE: "0.005" });

test.beforeAll(async ({ testEngine }) => {
  // Retry delays of ~1 and ~2 minutes scaled to ~0.3 and ~0.6 s.
  t = testEngine;
  logs = logsClientFor(t.engine);
  await t.lambda.send(new CreateFunctionCommand(createInput("sink", { Code: { ZipFile: SINK } })));
  await t.lambda.send(
    new CreateFunctionCommand(createInput("flaky", { Code: { ZipFile: FLAKY } })),
  );
  await settled(t.lambda, "sink");
  await settled(t.lambda, "flaky");
});
afterAll(async () => {
  logs?.destroy();
});

describe("event invoke config", () => {
  test("Put/Get/Update/List/Delete with AWS's shapes, bounds and errors", async () => {
    const put = await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: "flaky",
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 120,
        DestinationConfig: { OnFailure: { Destination: ARN("sink") } },
      }),
    );
    expect(put).toMatchObject({
      FunctionArn: `${ARN("flaky")}:$LATEST`,
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 120,
      DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: ARN("sink") } },
    });
    expect(put.LastModified).toBeInstanceOf(Date);
    const upd = await t.lambda.send(
      new UpdateFunctionEventInvokeConfigCommand({
        FunctionName: "flaky",
        MaximumRetryAttempts: 0,
      }),
    );
    expect(upd).toMatchObject({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 120,
      DestinationConfig: { OnFailure: { Destination: ARN("sink") } },
    });
    const list = await t.lambda.send(
      new ListFunctionEventInvokeConfigsCommand({ FunctionName: "flaky" }),
    );
    expect(list.FunctionEventInvokeConfigs?.map((c) => c.MaximumRetryAttempts)).toEqual([0]);
    expect(
      (
        await failure(
          t.lambda.send(
            new PutFunctionEventInvokeConfigCommand({
              FunctionName: "flaky",
              MaximumRetryAttempts: 3,
            }),
          ),
        )
      ).message,
    ).toBe(
      "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
    );
    expect(
      (
        await failure(
          t.lambda.send(
            new PutFunctionEventInvokeConfigCommand({
              FunctionName: "flaky",
              MaximumEventAgeInSeconds: 59,
            }),
          ),
        )
      ).name,
    ).toBe("ValidationException");
    expect(
      (
        await failure(
          t.lambda.send(
            new PutFunctionEventInvokeConfigCommand({
              FunctionName: "flaky",
              DestinationConfig: { OnSuccess: { Destination: ARN("flaky") } },
            }),
          ),
        )
      ).message,
    ).toBe("You can't specify the function as a destination for itself.");
    await t.lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: "flaky" }));
    expect(
      await failure(
        t.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "flaky" })),
      ),
    ).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `The function ${ARN("flaky")}:$LATEST doesn't have an EventInvokeConfig`,
    });
  });
});

describe("asynchronous invocation", () => {
  test("retries a failing event MaximumRetryAttempts times, then sends AWS's record to OnFailure", async () => {
    await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: "flaky",
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: ARN("sink") } },
      }),
    );
    const r = await t.lambda.send(
      new InvokeCommand({
        FunctionName: "flaky",
        InvocationType: "Event",
        Payload: Buffer.from('{"tag":"f1","fail":true}'),
      }),
    );
    expect(r.StatusCode).toBe(202);
    await expect
      .poll(async () => (await records("f1")).length, { timeout: 20_000, interval: 250 })
      .toBe(1);
    const [rec] = await records("f1");
    expect(rec).toMatchObject({
      version: "1.0",
      requestContext: {
        requestId: r.$metadata.requestId,
        functionArn: `${ARN("flaky")}:$LATEST`,
        condition: "RetriesExhausted",
        approximateInvokeCount: 2,
      },
      requestPayload: { tag: "f1", fail: true },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorType: "Error", errorMessage: "boom f1" },
    });
    expect(new Date(rec?.timestamp ?? "").getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await lines("flaky", "RAN f1")).length).toBe(2);
  });

  test("sends a success record to OnSuccess", async () => {
    await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: "flaky",
        DestinationConfig: { OnSuccess: { Destination: ARN("sink") } },
      }),
    );
    const r = await t.lambda.send(
      new InvokeCommand({
        FunctionName: "flaky",
        InvocationType: "Event",
        Payload: Buffer.from('{"tag":"s1"}'),
      }),
    );
    await expect
      .poll(async () => (await records("s1")).length, { timeout: 20_000, interval: 250 })
      .toBe(1);
    expect((await records("s1"))[0]).toMatchObject({
      requestContext: {
        requestId: r.$metadata.requestId,
        condition: "Success",
        approximateInvokeCount: 1,
      },
      responseContext: { statusCode: 200, executedVersion: "$LATEST" },
      responsePayload: { echoed: "s1" },
    });
  });

  test("with MaximumRetryAttempts 0 a failed event runs once and, without a destination, is dropped", async () => {
    await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: "flaky", MaximumRetryAttempts: 0 }),
    );
    await t.lambda.send(
      new InvokeCommand({
        FunctionName: "flaky",
        InvocationType: "Event",
        Payload: Buffer.from('{"tag":"z1","fail":true}'),
      }),
    );
    await expect
      .poll(async () => (await lines("flaky", "RAN z1")).length, { timeout: 10_000, interval: 200 })
      .toBe(1);
    // Dropped: the durable queue holds nothing more that could run it again.
    await expect.poll(async () => (await engineStatus(t.engine)).queuedEvents).toBe(0);
    expect((await lines("flaky", "RAN z1")).length).toBe(1);
  });
});
