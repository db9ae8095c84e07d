import { afterAll, describe, expect, vi } from "vitest";
import { CreateFunctionCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { logsClientFor, makeZip, ROLE, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

/** What the console does after an invoke: find the newest stream, read it, search the group. */

let t: TestEngine;
let logs: CloudWatchLogsClient;

const test = engineTest("logs-fn-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  logs = logsClientFor(t.engine);
});

afterAll(async () => {
  logs?.destroy();
});

describe("a function's logs through the CloudWatch Logs API", () => {
  test("finds the invocation's START, output, END and REPORT lines", async () => {
    const name = "logs-fn-node";
    await t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: ROLE,
        Code: {
          ZipFile: makeZip({
            "index.mjs": `export const handler = async (e) => {
              console.log("hello from", e.who);
              console.error(JSON.stringify({ level: "ERROR", ms: 150 }));
              return "ok";
            };`,
          }),
        },
      }),
    );
    await settled(t.lambda, name);
    const inv = await t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"who":"the test"}') }),
    );
    expect(inv.FunctionError).toBeUndefined();

    const group = `/aws/lambda/${name}`;
    // The runtime's lines reach the store asynchronously; poll as the console does.
    const messages = await vi.waitFor(
      async () => {
        const streams = await logs
          .send(
            new DescribeLogStreamsCommand({
              logGroupName: group,
              orderBy: "LastEventTime",
              descending: true,
              limit: 1,
            }),
          )
          .catch(() => undefined);
        const stream = streams?.logStreams?.[0]?.logStreamName;
        if (stream) {
          expect(stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
          const got = await logs.send(
            new GetLogEventsCommand({
              logGroupName: group,
              logStreamName: stream,
              startFromHead: true,
            }),
          );
          const messages = (got.events ?? []).map((e) => e.message ?? "");
          if (!messages.some((m) => m.startsWith("REPORT RequestId:")))
            throw new Error(`no REPORT line yet:\n${messages.join("\n")}`);
          return messages;
        }
        throw new Error("no log stream yet");
      },
      { timeout: 5000, interval: 100 },
    );
    expect(messages.some((m) => m.startsWith("START RequestId:"))).toBe(true);
    expect(messages.some((m) => m.includes("hello from the test"))).toBe(true);
    expect(messages.some((m) => m.startsWith("END RequestId:"))).toBe(true);

    const found = await logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"hello from"' }),
    );
    expect(found.events).toHaveLength(1);
    const reports = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: group,
        filterPattern: "REPORT ?Duration ?Billed",
      }),
    );
    expect(reports.events).toHaveLength(1);
  });
});
