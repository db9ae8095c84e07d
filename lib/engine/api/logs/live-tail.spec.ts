import { describe, expect } from "vitest";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceNotFoundException,
  StartLiveTailCommand,
  type LiveTailSessionLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";
import type { RunningEngine } from "../../engine";
import { rejection, type LogsHarness } from "@/test/support/logs";
import { logsTest } from "@/test/support/fixtures";

let harness: LogsHarness;
let engine: RunningEngine;
let logs: LogsHarness["logs"];

const test = logsTest("logs-tail");

test.beforeAll(({ logsHarness }) => {
  harness = logsHarness;
  ({ engine, logs } = harness);
});

describe("StartLiveTail", () => {
  test("streams sessionStart, then matching events as they are ingested", async () => {
    const group = "/aws/lambda/tail";
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
    const arn = `arn:aws:logs:us-east-1:${engine.ctx.config.accountId}:log-group:${group}`;
    const abort = new AbortController();
    const out = await logs.send(
      new StartLiveTailCommand({ logGroupIdentifiers: [arn], logEventFilterPattern: "ERROR" }),
      { abortSignal: abort.signal },
    );
    const stream = out.responseStream;
    if (!stream) throw new Error("no response stream");

    const seen: LiveTailSessionLogEvent[] = [];
    let started = false;
    let updates = 0;
    for await (const event of stream) {
      if (event.sessionStart) {
        started = true;
        expect(event.sessionStart.logGroupIdentifiers).toEqual([arn]);
        expect(event.sessionStart.logEventFilterPattern).toBe("ERROR");
        await logs.send(
          new PutLogEventsCommand({
            logGroupName: group,
            logStreamName: "s",
            logEvents: [
              { timestamp: Date.now(), message: "INFO all good" },
              { timestamp: Date.now(), message: "ERROR boom" },
            ],
          }),
        );
      }
      if (event.sessionUpdate) {
        updates++;
        expect(event.sessionUpdate.sessionMetadata?.sampled).toBe(false);
        seen.push(...(event.sessionUpdate.sessionResults ?? []));
      }
      // No deadline of its own: the test timeout bounds a stream that never delivers.
      if (seen.length > 0) break;
    }
    abort.abort();
    expect(started).toBe(true);
    expect(updates).toBeGreaterThanOrEqual(1);
    expect(seen.map((e) => e.message)).toEqual(["ERROR boom"]);
    expect(seen[0]).toMatchObject({ logStreamName: "s", logGroupIdentifier: arn });
    expect(seen[0]?.ingestionTime).toBeGreaterThan(0);
  });

  test("refuses unknown groups and bad filters before the stream starts", async () => {
    const missing = await rejection(
      logs.send(new StartLiveTailCommand({ logGroupIdentifiers: ["nope"] })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "tail-bad" }));
    const bad = await rejection(
      logs.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: ["tail-bad"],
          logEventFilterPattern: "a(b",
        }),
      ),
    );
    expect(bad).toBeInstanceOf(InvalidParameterException);
  });
});
