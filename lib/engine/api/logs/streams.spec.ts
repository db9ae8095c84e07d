import { beforeAll, describe, expect } from "vitest";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  DescribeLogStreamsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudwatch-logs";
import type { RunningEngine } from "../../engine";
import { rejection, type LogsHarness } from "@/test/support/logs";
import { logsTest } from "@/test/support/fixtures";

let harness: LogsHarness;
let engine: RunningEngine;
let logs: LogsHarness["logs"];

const test = logsTest("logs-streams");

test.beforeAll(({ logsHarness }) => {
  harness = logsHarness;
  ({ engine, logs } = harness);
});

describe("log streams", () => {
  const group = "/aws/lambda/streams";

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const now = Date.now();
    // Streams named in one order, written in another, so the two orderings differ.
    const writes: [string, number][] = [
      ["2024/01/01/[$LATEST]c", now - 3000],
      ["2024/01/01/[$LATEST]a", now - 1000],
      ["2024/01/01/[$LATEST]b", now - 2000],
    ];
    for (const [name, ts] of writes) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }));
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: name,
          logEvents: [{ timestamp: ts, message: name }],
        }),
      );
    }
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "empty" }));
  });

  test("describes streams with AWS's fields", async () => {
    const out = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: group,
        logStreamNamePrefix: "2024/01/01/[$LATEST]a",
      }),
    );
    const s = out.logStreams?.[0];
    expect(s).toMatchObject({
      logStreamName: "2024/01/01/[$LATEST]a",
      arn: `arn:aws:logs:us-east-1:${engine.ctx.config.accountId}:log-group:${group}:log-stream:2024/01/01/[$LATEST]a`,
      storedBytes: 0,
    });
    expect(s?.firstEventTimestamp).toBe(s?.lastEventTimestamp);
    expect(s?.lastIngestionTime).toBeGreaterThan(0);
    expect(s?.creationTime).toBeGreaterThan(0);
  });

  test("orders by name or by last event time, ascending or descending", async () => {
    const names = async (input: {
      orderBy?: "LogStreamName" | "LastEventTime";
      descending?: boolean;
    }) =>
      (
        await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, ...input }))
      ).logStreams?.map((s) => s.logStreamName);
    expect(await names({})).toEqual([
      "2024/01/01/[$LATEST]a",
      "2024/01/01/[$LATEST]b",
      "2024/01/01/[$LATEST]c",
      "empty",
    ]);
    expect(await names({ descending: true })).toEqual([
      "empty",
      "2024/01/01/[$LATEST]c",
      "2024/01/01/[$LATEST]b",
      "2024/01/01/[$LATEST]a",
    ]);
    expect(await names({ orderBy: "LastEventTime", descending: true })).toEqual([
      "2024/01/01/[$LATEST]a",
      "2024/01/01/[$LATEST]b",
      "2024/01/01/[$LATEST]c",
      "empty",
    ]);
    expect(await names({ orderBy: "LastEventTime" })).toEqual([
      "empty",
      "2024/01/01/[$LATEST]c",
      "2024/01/01/[$LATEST]b",
      "2024/01/01/[$LATEST]a",
    ]);
  });

  test("pages with limit and nextToken in either order", async () => {
    for (const orderBy of ["LogStreamName", "LastEventTime"] as const) {
      const seen: string[] = [];
      let nextToken: string | undefined;
      do {
        const out = await logs.send(
          new DescribeLogStreamsCommand({
            logGroupName: group,
            orderBy,
            descending: true,
            limit: 1,
            nextToken,
          }),
        );
        expect(out.logStreams?.length).toBeLessThanOrEqual(1);
        seen.push(...(out.logStreams ?? []).map((s) => s.logStreamName ?? ""));
        nextToken = out.nextToken;
      } while (nextToken);
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
    }
  });

  test("accepts logGroupIdentifier as a name or an ARN", async () => {
    const arn = `arn:aws:logs:us-east-1:${engine.ctx.config.accountId}:log-group:${group}:*`;
    const out = await logs.send(
      new DescribeLogStreamsCommand({ logGroupIdentifier: arn, limit: 50 }),
    );
    expect(out.logStreams).toHaveLength(4);
    const both = await rejection(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logGroupIdentifier: group })),
    );
    expect(both).toBeInstanceOf(InvalidParameterException);
  });

  test("refuses a prefix with orderBy LastEventTime", async () => {
    const err = await rejection(
      logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: group,
          orderBy: "LastEventTime",
          logStreamNamePrefix: "2024",
        }),
      ),
    );
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect(err.message).toBe("Cannot order by LastEventTime with a logStreamNamePrefix.");
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  test("answers ResourceNotFoundException for a missing group", async () => {
    const err = await rejection(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: "missing-group" })),
    );
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toBe("The specified log group does not exist.");
  });

  test("creates, refuses duplicates, and deletes streams", async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "tmp" }));
    const dup = await rejection(
      logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "tmp" })),
    );
    expect(dup).toBeInstanceOf(ResourceAlreadyExistsException);
    expect(dup.message).toBe("The specified log stream already exists");
    const noGroup = await rejection(
      logs.send(new CreateLogStreamCommand({ logGroupName: "missing-group", logStreamName: "x" })),
    );
    expect(noGroup).toBeInstanceOf(ResourceNotFoundException);
    const badName = await rejection(
      logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "a:b" })),
    );
    expect(badName).toBeInstanceOf(InvalidParameterException);

    await logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "tmp" }));
    const gone = await rejection(
      logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "tmp" })),
    );
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe("The specified log stream does not exist.");
  });
});
