import { beforeAll, describe, expect } from "vitest";
import {
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
import type { RunningEngine } from "../../engine";
import { rejection, type LogsHarness } from "@/test/support/logs";
import { logsTest } from "@/test/support/fixtures";

let harness: LogsHarness;
let engine: RunningEngine;
let logs: LogsHarness["logs"];
const DAY = 24 * 60 * 60 * 1000;

const test = logsTest("logs-filter");

test.beforeAll(({ logsHarness }) => {
  harness = logsHarness;
  ({ engine, logs } = harness);
});

async function makeStream(group: string, stream: string): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch((e: Error) => {
    if (e.name !== "ResourceAlreadyExistsException") throw e;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
}

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

  test("returns all events across streams in time order with AWS's fields", async () => {
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

  test("matches terms case-sensitively, phrases, ?OR and -exclude", async () => {
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

  test("matches JSON patterns", async () => {
    expect(await filter({ filterPattern: '{ $.level = "ERROR" && $.ms > 100 }' })).toEqual([
      JSON.stringify({ level: "ERROR", ms: 250, user: { id: 7 } }),
    ]);
    expect(await filter({ filterPattern: "{ $.ms < 100 || $.user.id = 7 }" })).toHaveLength(2);
    expect(await filter({ filterPattern: "{ $.user NOT EXISTS }" })).toEqual([
      JSON.stringify({ level: "INFO", ms: 50 }),
    ]);
  });

  test("limits to logStreamNames, a prefix, and a time range (both ends inclusive)", async () => {
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

  test("pages with limit and nextToken", async () => {
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

  test("refuses invalid patterns and unknown groups with AWS's errors", async () => {
    const bad = await rejection(
      logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: "foo(bar" })),
    );
    expect(bad).toBeInstanceOf(InvalidParameterException);
    expect(bad.message).toBe("Invalid character(s) in term '('");
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
  test("expires events older than the policy when it is set and on every read", async () => {
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

describe("a 50,000-event group", () => {
  test("answers FilterLogEvents through the SDK, paging to the end", async () => {
    const group = "/aws/lambda/big";
    const base = Date.now() - 60 * 60 * 1000;
    for (let s = 0; s < 5; s++) {
      const events = Array.from({ length: 10_000 }, (_, i) => ({
        timestamp: base + i * 10,
        message:
          i % 1000 === 7
            ? JSON.stringify({ level: "ERROR", ms: i, stream: s })
            : `INFO request ${i} served in ${i % 300} ms`,
      }));
      engine.ctx.logs.append(group, `stream-${s}`, events);
    }
    // Every ERROR event, following nextToken: a page that used up its scan budget on a loaded
    // machine ends early with a token, as CloudWatch's pages may.
    const errors: unknown[] = [];
    let token: string | undefined;
    do {
      const out = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          filterPattern: '{ $.level = "ERROR" }',
          nextToken: token,
        }),
      );
      errors.push(...(out.events ?? []));
      token = out.nextToken;
    } while (token);
    expect(errors).toHaveLength(50);

    let pages = 0;
    let total = 0;
    let nextToken: string | undefined;
    do {
      const out = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          filterPattern: "?served ?ERROR",
          limit: 10_000,
          nextToken,
        }),
      );
      total += out.events?.length ?? 0;
      nextToken = out.nextToken;
      pages++;
    } while (nextToken && pages < 200);
    expect(total).toBe(50_000);
    // 5 full pages, or more when a page used up its scan budget (a loaded machine): never fewer.
    expect(pages).toBeGreaterThanOrEqual(5);
    // A lost index or a rescan is caught by query plan and match count in logs/store.test.ts,
    // not by a wall-clock bound here.
  });
});
