import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  StartLiveTailCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { settleWithin, startLogsEngineProcess } from "@/test/support/logs";

/**
 * A viewer's filter pattern must not freeze the engine. The engine runs as a child process (the
 * real entry point): a blocked event loop in-process would also stop this test's own timers, so
 * the test could only hang; out of process it fails on the per-call deadlines below.
 */

const creds = { accessKeyId: "AKIAREDOSSPEC0000001", secretAccessKey: "redos-spec-secret-key" };
// A linear matcher answers in milliseconds; a backtracking one takes minutes to years.
const FILTER_DEADLINE_MS = 10_000;
const PROMPT_MS = 5_000;
const TEST_TIMEOUT_MS = 45_000;

let engine: Awaited<ReturnType<typeof startLogsEngineProcess>> | undefined;
let logs: CloudWatchLogsClient;

/** Another, unrelated call: the engine must still be serving everyone else. */
async function expectEngineResponsive(): Promise<void> {
  const { value, error } = await settleWithin(PROMPT_MS, "DescribeLogGroups", (abortSignal) =>
    logs.send(new DescribeLogGroupsCommand({}), { abortSignal }),
  );
  expect(error).toBeUndefined();
  expect(value?.logGroups?.map((g) => g.logGroupName)).toContain(group);
}

const group = "/aws/lambda/redos";

beforeAll(async () => {
  engine = await startLogsEngineProcess("logs-redos", creds);
  logs = engine.logs;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: "s",
      logEvents: [
        { timestamp: Date.now() - 1000, message: "a".repeat(200) },
        { timestamp: Date.now() - 1000, message: JSON.stringify({ m: "a".repeat(200) }) },
        { timestamp: Date.now() - 1000, message: Array(100).fill("a").join(" ") },
      ],
    }),
  );
});

afterAll(async () => {
  await engine?.stop();
});

async function filterWithin(filterPattern: string) {
  return settleWithin(FILTER_DEADLINE_MS, `FilterLogEvents ${filterPattern}`, (abortSignal) =>
    logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern }), {
      abortSignal,
    }),
  );
}

describe("hostile filter patterns against 200-character events", () => {
  it(
    "answers %a*a*a*a*a*a*b% (no matches) and keeps serving other calls",
    async () => {
      const { value, error } = await filterWithin("%a*a*a*a*a*a*b%");
      expect(error).toBeUndefined();
      expect(value?.events).toEqual([]);
      await expectEngineResponsive();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "answers the same regex inside a JSON pattern",
    async () => {
      const { value, error } = await filterWithin("{ $.m = %a*a*a*a*a*a*b% }");
      expect(error).toBeUndefined();
      expect(value?.events).toEqual([]);
      await expectEngineResponsive();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "refuses a nested quantifier %(a+)+b% with InvalidParameterException",
    async () => {
      const { error } = await filterWithin("%(a+)+b%");
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(error?.message).toBe("Invalid regex in filter pattern: '%(a+)+b%'");
      await expectEngineResponsive();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "refuses a backreference, which a linear-time matcher cannot run",
    async () => {
      const { error } = await filterWithin("%a\\1%");
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(error?.message).toBe("Invalid regex in filter pattern: '%a\\1%'");
      await expectEngineResponsive();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "answers a many-wildcard JSON string value (no matches)",
    async () => {
      const { value, error } = await filterWithin(`{ $.m = "*${"a*".repeat(12)}b" }`);
      expect(error).toBeUndefined();
      expect(value?.events).toEqual([]);
      await expectEngineResponsive();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "answers a space-delimited pattern with many ... (no matches)",
    async () => {
      // Nine fields = a fit anywhere; the tenth wants b, which no field is.
      const slots = Array.from({ length: 10 }, (_, i) => `..., f${i} = ${i < 9 ? "a" : "b"}`);
      const { value, error } = await filterWithin(`[${slots.join(", ")}, ...]`);
      expect(error).toBeUndefined();
      expect(value?.events).toEqual([]);
      await expectEngineResponsive();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "refuses a pattern longer than 1024 characters as the service model does",
    async () => {
      const long = `"${"x".repeat(1030)}"`;
      const { error } = await filterWithin(long);
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(error?.message).toContain(
        "at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024",
      );
      const tail = await settleWithin(PROMPT_MS, "StartLiveTail", (abortSignal) =>
        logs.send(
          new StartLiveTailCommand({ logGroupIdentifiers: [group], logEventFilterPattern: long }),
          { abortSignal },
        ),
      );
      expect(tail.error).toBeInstanceOf(InvalidParameterException);
      expect(tail.error?.message).toContain(
        "at 'logEventFilterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024",
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "keeps Live Tail's updates coming with the hostile regex",
    async () => {
      const abort = new AbortController();
      const out = await logs.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [group],
          logEventFilterPattern: "%a*a*a*a*a*a*b%",
        }),
        { abortSignal: abort.signal },
      );
      const stream = out.responseStream;
      if (!stream) throw new Error("no response stream");
      const events = stream[Symbol.asyncIterator]();
      // Each update must come within the deadline; the second after the put has polled it.
      const nextEvent = () =>
        settleWithin(FILTER_DEADLINE_MS, "a Live Tail update", async (signal) => {
          const aborted = new Promise<never>((_, reject) =>
            signal.addEventListener("abort", () => reject(new Error("aborted"))),
          );
          return Promise.race([events.next(), aborted]);
        });
      try {
        expect((await nextEvent()).value?.value?.sessionStart).toBeDefined();
        await logs.send(
          new PutLogEventsCommand({
            logGroupName: group,
            logStreamName: "s",
            logEvents: [{ timestamp: Date.now(), message: "a".repeat(200) }],
          }),
        );
        for (let i = 0; i < 2; i++) {
          const { value, error } = await nextEvent();
          expect(error).toBeUndefined();
          expect(value?.value?.sessionUpdate?.sessionResults).toEqual([]);
        }
        await expectEngineResponsive();
      } finally {
        abort.abort();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
