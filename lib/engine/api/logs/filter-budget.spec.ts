import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
  paginateFilterLogEvents,
  type FilteredLogEvent,
  type LiveTailSessionLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  sampleLatency,
  settleWithin,
  startLogsEngineProcess,
  type Sampled,
} from "@/test/support/logs";

/**
 * A viewer's filter pattern must not freeze the engine. The engine runs as a child process (the
 * real entry point): a blocked event loop in-process would also stop this test's own timers, so
 * the test could only hang; out of process it fails on the per-call deadlines below.
 */

const creds = { accessKeyId: "AKIAREDOSSPEC0000002", secretAccessKey: "redos-spec-secret-key" };
// A linear matcher answers in milliseconds; a backtracking one takes minutes to years.
const FILTER_DEADLINE_MS = 10_000;

let engine: Awaited<ReturnType<typeof startLogsEngineProcess>> | undefined;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  engine = await startLogsEngineProcess("logs-budget", creds);
  logs = engine.logs;
});

afterAll(async () => {
  await engine?.stop();
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
