import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
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
  paginateFilterLogEvents,
  type FilteredLogEvent,
  type LiveTailSessionLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  sampleLatency,
  settleWithin,
  startEngineProcess,
  stopEngineProcess,
  type Sampled,
} from "@/test/support/logs";

/**
 * A viewer's filter pattern must not freeze the engine. The engine runs as a child process (the
 * real entry point): a blocked event loop in-process would also stop this test's own timers, so
 * the test could only hang; out of process it fails on the per-call deadlines below.
 */

const creds = { accessKeyId: "AKIAREDOSSPEC0000001", secretAccessKey: "redos-spec-secret-key" };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "logs-redos-"));
// A linear matcher answers in milliseconds; a backtracking one takes minutes to years.
const FILTER_DEADLINE_MS = 10_000;
const PROMPT_MS = 5_000;
const TEST_TIMEOUT_MS = 45_000;

let child: ChildProcess | undefined;
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
  const started = await startEngineProcess(dataDir, creds);
  child = started.process;
  logs = new CloudWatchLogsClient({
    endpoint: started.endpoint,
    region: "us-east-1",
    credentials: creds,
    maxAttempts: 1,
    disableHostPrefix: true,
  });
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
  logs?.destroy();
  if (child) await stopEngineProcess(child);
  fs.rmSync(dataDir, { recursive: true, force: true });
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

/**
 * Linear is not enough: re2js spends ~3-5 ms on one 200-character event with `[a-z].{N}[QZ]`
 * (measured), so a scan of thousands of events must be cut into pages that each hold the engine
 * briefly, and resuming from each page must neither skip nor repeat an event.
 */
describe("a slow pattern over thousands of events", () => {
  const budgetGroup = "/aws/lambda/redos-budget";
  const tailGroup = "/aws/lambda/redos-tail";
  const COUNT = 5_000;
  const SUBSET_EVERY = 7;
  // Matches exactly the events ending in Q (a lowercase letter 150+ characters before it).
  const SUBSET_PATTERN = "%[a-z].{150,}[QZ]%";
  const NONE_PATTERN = "%[a-z].{300}[QZ]%";
  // Without the matching budget the scan is one response that blocks the engine for many seconds;
  // with it the scan comes back in many short pages, and a concurrent call is answered between
  // pages: only a few of the scan's ~300 pages come back while it waits (measured: 2-3; ordering,
  // not wall-clock time: the client's own signing and the pager's round trips add a page or two).
  const OVERTAKEN_MAX = 5;
  const MANY_PAGES = 10;
  const SLOW_TEST_TIMEOUT_MS = 120_000;
  const base = Date.now() - 60_000;

  /** Lowercase words with spaces: the text re2js is slowest on with these patterns. */
  const messages: string[] = (() => {
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const letters = "abcdefghijklmnopqrstuvwxyz ";
    return Array.from({ length: COUNT }, (_, i) => {
      let filler = "";
      for (let k = 0; k < 188; k++) filler += letters.charAt(Math.floor(random() * letters.length));
      return `event ${String(i).padStart(5, "0")} ${filler}${i % SUBSET_EVERY === 0 ? "Q" : "x"}`;
    });
  })();
  // Two streams, 50 events per timestamp: pages must resume inside runs of equal timestamps.
  const half = COUNT / 2;
  const timestampOf = (i: number) => base + Math.floor((i % half) / 50);
  const inSubset = (i: number) => i % SUBSET_EVERY === 0;

  async function putEvents(logGroupName: string, logStreamName: string, from: number, to: number) {
    const logEvents = [];
    for (let i = from; i < to; i++)
      logEvents.push({ timestamp: timestampOf(i), message: messages[i] ?? "" });
    await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents }));
  }

  /**
   * DescribeLogGroups every 100 ms: what any other user of the engine meets meanwhile; `progress`
   * counts the scan's answers (pages or Live Tail updates) that come back while one waits.
   */
  const sampleDescribe = (progress: () => number) =>
    sampleLatency(
      100,
      () => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: budgetGroup })),
      progress,
    );

  async function paginateWhileSampling(filterPattern: string) {
    const found: FilteredLogEvent[] = [];
    let pages = 0;
    const sampler = sampleDescribe(() => pages);
    let sampled: Sampled;
    try {
      const pager = paginateFilterLogEvents(
        { client: logs },
        { logGroupName: budgetGroup, filterPattern },
      );
      for await (const page of pager) {
        pages++;
        found.push(...(page.events ?? []));
      }
    } finally {
      sampled = await sampler.stop();
    }
    const slowest = Math.max(...sampled.latencies);
    const overtaken = Math.max(...sampled.overtakenBy);
    console.log(
      `[logs budget] ${filterPattern}: ${COUNT} events, ${pages} pages, ${found.length} matches, ` +
        `${sampled.latencies.length} DescribeLogGroups, slowest ${slowest.toFixed(0)} ms, ` +
        `at most ${overtaken} pages while one waited`,
    );
    return { found, pages, ...sampled, overtaken };
  }

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: budgetGroup }));
    for (const stream of ["a", "b"])
      await logs.send(
        new CreateLogStreamCommand({ logGroupName: budgetGroup, logStreamName: stream }),
      );
    await putEvents(budgetGroup, "a", 0, half);
    await putEvents(budgetGroup, "b", half, COUNT);
  });

  it(
    `pages through ${COUNT} events with ${SUBSET_PATTERN}: every match once, in order, engine responsive`,
    async () => {
      const { found, pages, latencies, errors, overtaken } =
        await paginateWhileSampling(SUBSET_PATTERN);
      expect(errors).toEqual([]);
      // The scan was slow enough to be watched, came back in many slices, and other calls were
      // answered between them throughout.
      expect(latencies.length).toBeGreaterThan(10);
      expect(pages).toBeGreaterThanOrEqual(MANY_PAGES);
      expect(overtaken).toBeLessThanOrEqual(OVERTAKEN_MAX);
      // Sorted as FilterLogEvents sorts: timestamp, then arrival (stream a was put first).
      const expected = Array.from({ length: COUNT }, (_, i) => i)
        .filter(inSubset)
        .sort((x, y) => timestampOf(x) - timestampOf(y) || x - y)
        .map((i) => messages[i]);
      expect(pages).toBeGreaterThan(1);
      expect(found.map((e) => e.message)).toEqual(expected);
      expect(new Set(found.map((e) => e.eventId)).size).toBe(found.length);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    `pages through ${COUNT} events with ${NONE_PATTERN} (no matches) on empty pages, engine responsive`,
    async () => {
      const { found, pages, latencies, errors, overtaken } =
        await paginateWhileSampling(NONE_PATTERN);
      expect(errors).toEqual([]);
      expect(latencies.length).toBeGreaterThan(10);
      expect(pages).toBeGreaterThanOrEqual(MANY_PAGES);
      expect(overtaken).toBeLessThanOrEqual(OVERTAKEN_MAX);
      expect(found).toEqual([]);
    },
    SLOW_TEST_TIMEOUT_MS,
  );

  it(
    "keeps Live Tail and the engine responsive, delivering matches in order across polls",
    async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: tailGroup }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: tailGroup, logStreamName: "s" }));
      const abort = new AbortController();
      const out = await logs.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [tailGroup],
          logEventFilterPattern: SUBSET_PATTERN,
        }),
        { abortSignal: abort.signal },
      );
      const stream = out.responseStream;
      if (!stream) throw new Error("no response stream");
      const events = stream[Symbol.asyncIterator]();
      const nextEvent = async () => {
        const { value, error } = await settleWithin(
          FILTER_DEADLINE_MS,
          "a Live Tail update",
          async (signal) => {
            const aborted = new Promise<never>((_, reject) =>
              signal.addEventListener("abort", () => reject(new Error("aborted"))),
            );
            return Promise.race([events.next(), aborted]);
          },
        );
        if (error) throw error;
        return value?.value;
      };
      const delivered: LiveTailSessionLogEvent[] = [];
      let firstBatch: number | undefined;
      let sampled: Sampled;
      try {
        expect((await nextEvent())?.sessionStart).toBeDefined();
        await putEvents(tailGroup, "s", 0, half);
        let updates = 0;
        const sampler = sampleDescribe(() => updates);
        try {
          for (; delivered.length < 5 && updates < 30; updates++) {
            const results = (await nextEvent())?.sessionUpdate?.sessionResults ?? [];
            if (results.length > 0 && firstBatch === undefined) firstBatch = results.length;
            delivered.push(...results);
          }
        } finally {
          sampled = await sampler.stop();
        }
      } finally {
        abort.abort();
      }
      const slowest = Math.max(...sampled.latencies);
      const overtaken = Math.max(...sampled.overtakenBy);
      console.log(
        `[logs budget] Live Tail: ${delivered.length} matches delivered, first update ` +
          `${firstBatch ?? 0}, ${sampled.latencies.length} DescribeLogGroups, slowest ` +
          `${slowest.toFixed(0)} ms, at most ${overtaken} updates while one waited`,
      );
      const expected = Array.from({ length: half }, (_, i) => i)
        .filter(inSubset)
        .map((i) => messages[i]);
      expect(sampled.errors).toEqual([]);
      expect(sampled.latencies.length).toBeGreaterThan(5);
      // Each poll scanned a slice: the first update held a few of the matches, not all of them,
      // and other calls were answered between updates.
      expect(firstBatch).toBeGreaterThan(0);
      expect(firstBatch).toBeLessThan(expected.length);
      expect(overtaken).toBeLessThanOrEqual(OVERTAKEN_MAX);
      expect(delivered.length).toBeGreaterThanOrEqual(5);
      expect(delivered.map((e) => e.message)).toEqual(expected.slice(0, delivered.length));
    },
    SLOW_TEST_TIMEOUT_MS,
  );
});
