import { beforeAll, describe, expect } from "vitest";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudwatch-logs";
import { rejection, type LogsHarness } from "@/test/support/logs";
import { logsTest } from "@/test/support/fixtures";

let harness: LogsHarness;
let logs: LogsHarness["logs"];
const DAY = 24 * 60 * 60 * 1000;

const test = logsTest("logs-get");

test.beforeAll(({ logsHarness }) => {
  harness = logsHarness;
  ({ logs } = harness);
});

async function makeStream(group: string, stream: string): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch((e: Error) => {
    if (e.name !== "ResourceAlreadyExistsException") throw e;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
}

describe("PutLogEvents", () => {
  test("stores events and updates the stream's timestamps", async () => {
    await makeStream("put-group", "s");
    const t = Date.now() - 5000;
    const out = await logs.send(
      new PutLogEventsCommand({
        logGroupName: "put-group",
        logStreamName: "s",
        logEvents: [
          { timestamp: t, message: "one" },
          { timestamp: t + 10, message: "two" },
        ],
      }),
    );
    expect(out.rejectedLogEventsInfo).toBeUndefined();
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "put-group" }));
    expect(streams.logStreams?.[0]).toMatchObject({
      firstEventTimestamp: t,
      lastEventTimestamp: t + 10,
    });
    const got = await logs.send(
      new GetLogEventsCommand({
        logGroupName: "put-group",
        logStreamName: "s",
        startFromHead: true,
      }),
    );
    expect(got.events?.map((e) => e.message)).toEqual(["one", "two"]);
    expect(got.events?.[0]?.ingestionTime).toBeGreaterThanOrEqual(t);
  });

  test("refuses out-of-order batches, and missing groups/streams", async () => {
    await makeStream("put-errors", "s");
    const now = Date.now();
    const order = await rejection(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: "put-errors",
          logStreamName: "s",
          logEvents: [
            { timestamp: now, message: "b" },
            { timestamp: now - 10, message: "a" },
          ],
        }),
      ),
    );
    expect(order).toBeInstanceOf(InvalidParameterException);
    expect(order.message).toBe(
      "Log events in a single PutLogEvents request must be in chronological order.",
    );
    const noStream = await rejection(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: "put-errors",
          logStreamName: "zz",
          logEvents: [{ timestamp: now, message: "x" }],
        }),
      ),
    );
    expect(noStream).toBeInstanceOf(ResourceNotFoundException);
    expect(noStream.message).toBe("The specified log stream does not exist.");
    const noGroup = await rejection(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: "no-such",
          logStreamName: "s",
          logEvents: [{ timestamp: now, message: "x" }],
        }),
      ),
    );
    expect(noGroup.message).toBe("The specified log group does not exist.");
  });

  test("skips events too old or too new and says which, as AWS does", async () => {
    await makeStream("put-reject", "s");
    const now = Date.now();
    const out = await logs.send(
      new PutLogEventsCommand({
        logGroupName: "put-reject",
        logStreamName: "s",
        logEvents: [
          { timestamp: now - 15 * DAY, message: "old" },
          { timestamp: now - 14.5 * DAY, message: "old2" },
        ],
      }),
    );
    expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1 });
    const future = await logs.send(
      new PutLogEventsCommand({
        logGroupName: "put-reject",
        logStreamName: "s",
        logEvents: [{ timestamp: now + 3 * 3600_000, message: "future" }],
      }),
    );
    expect(future.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 0 });
    const got = await logs.send(
      new GetLogEventsCommand({ logGroupName: "put-reject", logStreamName: "s" }),
    );
    expect(got.events).toEqual([]);
  });

  test("skips events older than the group's retention as expired, keeping the rest", async () => {
    await makeStream("put-expired", "s");
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: "put-expired", retentionInDays: 1 }),
    );
    const now = Date.now();
    const out = await logs.send(
      new PutLogEventsCommand({
        logGroupName: "put-expired",
        logStreamName: "s",
        logEvents: [
          // Either side of the one-day line, within the 24-hour span a batch may cover.
          { timestamp: now - DAY - 10_000, message: "expired" },
          { timestamp: now - DAY + 60_000, message: "kept" },
        ],
      }),
    );
    expect(out.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 0 });
    const got = await logs.send(
      new GetLogEventsCommand({ logGroupName: "put-expired", logStreamName: "s" }),
    );
    expect(got.events?.map((e) => e.message)).toEqual(["kept"]);
  });
});

describe("GetLogEvents", () => {
  const group = "get-group";
  const stream = "2024/01/01/[$LATEST]abc";
  const base = Date.now() - 60_000;

  beforeAll(async () => {
    await makeStream(group, stream);
    const logEvents = Array.from({ length: 25 }, (_, i) => ({
      timestamp: base + i * 100,
      message: `event ${i}`,
    }));
    await logs.send(
      new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }),
    );
  });

  const get = (input: {
    nextToken?: string;
    startFromHead?: boolean;
    limit?: number;
    startTime?: number;
    endTime?: number;
  }) =>
    logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, ...input }));

  test("returns the last events by default and the first with startFromHead", async () => {
    const tail = await get({ limit: 5 });
    expect(tail.events?.map((e) => e.message)).toEqual([
      "event 20",
      "event 21",
      "event 22",
      "event 23",
      "event 24",
    ]);
    const head = await get({ limit: 5, startFromHead: true });
    expect(head.events?.map((e) => e.message)).toEqual([
      "event 0",
      "event 1",
      "event 2",
      "event 3",
      "event 4",
    ]);
    expect(head.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    expect(head.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/);
  });

  test("pages forward until the same token comes back, then sees new events", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let out = await get({ limit: 10, startFromHead: true });
    for (let i = 0; i < 10; i++) {
      seen.push(...(out.events ?? []).map((e) => e.message ?? ""));
      token = out.nextForwardToken;
      out = await get({ limit: 10, nextToken: token });
      if (out.nextForwardToken === token) break;
    }
    expect(out.events).toEqual([]);
    expect(out.nextForwardToken).toBe(token);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `event ${i}`));

    // Polling with the same token picks up what is written later (the console's live tail).
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: [{ timestamp: base + 5000, message: "late" }],
      }),
    );
    const after = await get({ nextToken: token });
    expect(after.events?.map((e) => e.message)).toEqual(["late"]);
    expect(after.nextForwardToken).not.toBe(token);
  });

  test("pages backward from the tail to the head", async () => {
    const pages: string[][] = [];
    let out = await get({ limit: 10, endTime: base + 2500 });
    pages.push((out.events ?? []).map((e) => e.message ?? ""));
    for (let i = 0; i < 5; i++) {
      const token = out.nextBackwardToken;
      out = await get({ limit: 10, nextToken: token, endTime: base + 2500 });
      if (out.nextBackwardToken === token) break;
      pages.push((out.events ?? []).map((e) => e.message ?? ""));
    }
    expect(out.events).toEqual([]);
    expect(pages[0]).toEqual(Array.from({ length: 10 }, (_, i) => `event ${i + 15}`));
    expect(pages.flat().length).toBe(25);
    expect(pages[pages.length - 1]?.[0]).toBe("event 0");
  });

  test("honours startTime (inclusive) and endTime (exclusive)", async () => {
    const out = await get({ startFromHead: true, startTime: base + 300, endTime: base + 600 });
    expect(out.events?.map((e) => e.message)).toEqual(["event 3", "event 4", "event 5"]);
  });

  test("answers AWS's errors", async () => {
    const noStream = await rejection(
      logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "nope" })),
    );
    expect(noStream).toBeInstanceOf(ResourceNotFoundException);
    expect(noStream.message).toBe("The specified log stream does not exist.");
    const noGroup = await rejection(
      logs.send(new GetLogEventsCommand({ logGroupName: "nope", logStreamName: "nope" })),
    );
    expect(noGroup.message).toBe("The specified log group does not exist.");
    const badLimit = await rejection(get({ limit: 10_001 }));
    expect(badLimit).toBeInstanceOf(InvalidParameterException);
    const badToken = await rejection(get({ nextToken: "garbage" }));
    expect(badToken).toBeInstanceOf(InvalidParameterException);
  });
});
