import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
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

async function startChild(): Promise<{ process: ChildProcess; endpoint: string }> {
  const p = spawn(process.execPath, ["--import", "tsx", "lib/engine/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      LAMBDA_CONSOLE_DATA_DIR: dataDir,
      LAMBDA_ENGINE_PORT: "0",
      LAMBDA_REGISTRY_PORT: "off",
      LAMBDA_ENGINE_ACCESS_KEY_ID: creds.accessKeyId,
      LAMBDA_ENGINE_SECRET_ACCESS_KEY: creds.secretAccessKey,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const endpoint = await new Promise<string>((resolve, reject) => {
    p.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && out.includes("[engine] ready")) resolve(url);
    });
    p.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    p.on("exit", (code) => reject(new Error(`engine exited (${code}):\n${out}`)));
  });
  return { process: p, endpoint };
}

/** SIGTERM, and SIGKILL if the engine cannot take it (a frozen event loop cannot). */
async function stopChild(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
  p.kill("SIGTERM");
  const timer = setTimeout(() => p.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The call must settle within `ms`: resolves with its value or its error, fails the test if late. */
async function settleWithin<T>(
  ms: number,
  what: string,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<{ value?: T; error?: Error }> {
  const signal = AbortSignal.timeout(ms);
  try {
    return { value: await call(signal) };
  } catch (err) {
    if (signal.aborted) throw new Error(`${what} did not answer within ${ms} ms`);
    return { error: err as Error };
  }
}

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
  const started = await startChild();
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
  if (child) await stopChild(child);
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
