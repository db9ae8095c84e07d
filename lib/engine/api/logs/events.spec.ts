import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceNotFoundException,
  type FilterLogEventsCommandInput,
} from "@aws-sdk/client-cloudwatch-logs";
import { startEngine, type RunningEngine } from "../../engine";

let engine: RunningEngine;
let logs: CloudWatchLogsClient;
let dataDir: string;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "logs-events-"));
  engine = await startEngine({
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: dataDir,
    LAMBDA_ENGINE_PORT: "0",
  });
  logs = new CloudWatchLogsClient({
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: engine.ctx.config.accessKeyId,
      secretAccessKey: engine.ctx.config.secretAccessKey,
    },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  logs?.destroy();
  await engine?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function rejection(
  p: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

async function makeStream(group: string, stream: string): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch((e: Error) => {
    if (e.name !== "ResourceAlreadyExistsException") throw e;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
}

describe("PutLogEvents", () => {
  it("stores events and updates the stream's timestamps", async () => {
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

  it("refuses out-of-order batches, and missing groups/streams", async () => {
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

  it("skips events too old or too new and says which, as AWS does", async () => {
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

  it("returns the last events by default and the first with startFromHead", async () => {
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

  it("pages forward until the same token comes back, then sees new events", async () => {
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

  it("pages backward from the tail to the head", async () => {
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

  it("honours startTime (inclusive) and endTime (exclusive)", async () => {
    const out = await get({ startFromHead: true, startTime: base + 300, endTime: base + 600 });
    expect(out.events?.map((e) => e.message)).toEqual(["event 3", "event 4", "event 5"]);
  });

  it("answers AWS's errors", async () => {
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

describe("FilterLogEvents", () => {
  const group = "/aws/lambda/filter";
  const base = Date.now() - 120_000;

  beforeAll(async () => {
    await makeStream(group, "s1");
    await makeStream(group, "s2");
    await makeStream(group, "other");
    const put = (stream: string, messages: [number, string][]) =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          logEvents: messages.map(([dt, message]) => ({ timestamp: base + dt, message })),
        }),
      );
    await put("s1", [
      [0, "START RequestId: 1"],
      [10, "ERROR database timed out"],
      [20, JSON.stringify({ level: "ERROR", ms: 250, user: { id: 7 } })],
      [30, "END RequestId: 1"],
    ]);
    await put("s2", [
      [5, "WARN low disk"],
      [15, JSON.stringify({ level: "INFO", ms: 50 })],
      [25, "error lowercase"],
    ]);
    await put("other", [[12, "ERROR in other"]]);
  });

  const filter = async (input: Partial<FilterLogEventsCommandInput>) =>
    (await logs.send(new FilterLogEventsCommand({ logGroupName: group, ...input }))).events?.map(
      (e) => e.message,
    );

  it("returns all events across streams in time order with AWS's fields", async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    expect(out.events).toHaveLength(8);
    const ts = out.events?.map((e) => e.timestamp ?? 0) ?? [];
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    const e = out.events?.[0];
    expect(e).toMatchObject({
      logStreamName: "s1",
      timestamp: base,
      message: "START RequestId: 1",
    });
    expect(e?.eventId).toMatch(/^\d{56}$/);
    expect(e?.ingestionTime).toBeGreaterThan(0);
    expect(out.searchedLogStreams?.map((s) => s.logStreamName).sort()).toEqual([
      "other",
      "s1",
      "s2",
    ]);
    expect(out.searchedLogStreams?.every((s) => s.searchedCompletely)).toBe(true);
    expect(out.nextToken).toBeUndefined();
  });

  it("matches terms case-sensitively, phrases, ?OR and -exclude", async () => {
    expect(await filter({ filterPattern: "ERROR" })).toEqual([
      "ERROR database timed out",
      "ERROR in other",
      JSON.stringify({ level: "ERROR", ms: 250, user: { id: 7 } }),
    ]);
    expect(await filter({ filterPattern: '"timed out"' })).toEqual(["ERROR database timed out"]);
    expect(await filter({ filterPattern: "?WARN ?error" })).toEqual([
      "WARN low disk",
      "error lowercase",
    ]);
    expect(await filter({ filterPattern: "ERROR -other -level" })).toEqual([
      "ERROR database timed out",
    ]);
  });

  it("matches JSON patterns", async () => {
    expect(await filter({ filterPattern: '{ $.level = "ERROR" && $.ms > 100 }' })).toEqual([
      JSON.stringify({ level: "ERROR", ms: 250, user: { id: 7 } }),
    ]);
    expect(await filter({ filterPattern: "{ $.ms < 100 || $.user.id = 7 }" })).toHaveLength(2);
    expect(await filter({ filterPattern: "{ $.user NOT EXISTS }" })).toEqual([
      JSON.stringify({ level: "INFO", ms: 50 }),
    ]);
  });

  it("limits to logStreamNames, a prefix, and a time range (both ends inclusive)", async () => {
    expect(await filter({ logStreamNames: ["s2"] })).toEqual([
      "WARN low disk",
      JSON.stringify({ level: "INFO", ms: 50 }),
      "error lowercase",
    ]);
    expect(await filter({ logStreamNamePrefix: "s", filterPattern: "ERROR" })).toHaveLength(2);
    expect(await filter({ startTime: base + 10, endTime: base + 15 })).toEqual([
      "ERROR database timed out",
      "ERROR in other",
      JSON.stringify({ level: "INFO", ms: 50 }),
    ]);
  });

  it("pages with limit and nextToken", async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    let calls = 0;
    do {
      const out = await logs.send(
        new FilterLogEventsCommand({ logGroupName: group, limit: 3, nextToken }),
      );
      seen.push(...(out.events ?? []).map((e) => e.message ?? ""));
      nextToken = out.nextToken;
      calls++;
    } while (nextToken && calls < 10);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(calls).toBe(3);
  });

  it("refuses invalid patterns and unknown groups with AWS's errors", async () => {
    const bad = await rejection(
      logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: "foo(bar" })),
    );
    expect(bad).toBeInstanceOf(InvalidParameterException);
    expect(bad.message).toBe("Invalid character(s) in term 'foo(bar'");
    expect(bad.$metadata?.httpStatusCode).toBe(400);
    const badJson = await rejection(
      logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: "{ $.a = }" })),
    );
    expect(badJson).toBeInstanceOf(InvalidParameterException);
    const missing = await rejection(
      logs.send(new FilterLogEventsCommand({ logGroupName: "missing" })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe("The specified log group does not exist.");
  });
});

describe("retention", () => {
  it("expires events older than the policy on the next read, and the sweep does the rest", async () => {
    const group = "/aws/lambda/retained";
    const now = Date.now();
    // The runtime's writer appends without PutLogEvents' 14-day check, so old events can be seeded.
    engine.ctx.logs.append(group, "s", [
      { timestamp: now - 3 * DAY, message: "three days old" },
      { timestamp: now - 2 * DAY, message: "two days old" },
      { timestamp: now - 1000, message: "fresh" },
    ]);
    expect(await messages()).toEqual(["three days old", "two days old", "fresh"]);

    await logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 1 }));
    expect(await messages()).toEqual(["fresh"]);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(streams.logStreams?.[0]?.firstEventTimestamp).toBe(now - 1000);

    // Events that arrive old after the policy is set are gone on the next read too.
    engine.ctx.logs.append(group, "s", [{ timestamp: now - 5 * DAY, message: "late and old" }]);
    const got = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: "s", startFromHead: true }),
    );
    expect(got.events?.map((e) => e.message)).toEqual(["fresh"]);

    async function messages() {
      return (await logs.send(new FilterLogEventsCommand({ logGroupName: group }))).events?.map(
        (e) => e.message,
      );
    }
  });
});
