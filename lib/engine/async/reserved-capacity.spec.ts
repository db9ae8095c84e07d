import { afterAll, describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  InvokeCommand,
  PutFunctionConcurrencyCommand,
} from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { createInput, logsClientFor, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { engineStatus } from "@/test/support/engine-status";

// Each run logs its span; Event invokes have no caller to read it from.
const SPAN = makeZip({
  "index.mjs": `export const handler = async (e) => {
  const start = Date.now();
  await new Promise((r) => setTimeout(r, 150));
  console.log("SPAN " + JSON.stringify({ tag: e.tag, start, end: Date.now() }));
  return "ok";
};
`,
});

interface Span {
  tag: string;
  start: number;
  end: number;
}

let t: TestEngine;
let logs: CloudWatchLogsClient;

// Lambda's own throttle backoff (1 s, doubling): no delay scale.
const test = engineTest("reserved-capacity-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  logs = logsClientFor(t.engine);
  await t.lambda.send(new CreateFunctionCommand(createInput("slots", { Code: { ZipFile: SPAN } })));
  await settled(t.lambda, "slots");
  await t.lambda.send(
    new PutFunctionConcurrencyCommand({ FunctionName: "slots", ReservedConcurrentExecutions: 2 }),
  );
  // Both environments started, so the spans below are warm runs.
  await Promise.all(
    ["w1", "w2"].map((tag) =>
      t.lambda.send(
        new InvokeCommand({ FunctionName: "slots", Payload: Buffer.from(JSON.stringify({ tag })) }),
      ),
    ),
  );
});
afterAll(() => logs?.destroy());

async function spans(prefix: string): Promise<Span[]> {
  const r = await logs.send(
    new FilterLogEventsCommand({ logGroupName: "/aws/lambda/slots", filterPattern: '"SPAN "' }),
  );
  return (r.events ?? [])
    .map((e) => e.message ?? "")
    .filter((m) => m.includes("SPAN "))
    .map((m) => JSON.parse(m.slice(m.indexOf("SPAN ") + 5)) as Span)
    .filter((s) => s.tag.startsWith(prefix));
}

describe("Event invokes against reserved concurrency", () => {
  test("run as fast as the reservation allows: each ending run starts the next waiting event, none waits out a throttle backoff", async () => {
    const tags = Array.from({ length: 10 }, (_, i) => `e${i}`);
    for (const tag of tags) {
      const r = await t.lambda.send(
        new InvokeCommand({
          FunctionName: "slots",
          InvocationType: "Event",
          Payload: Buffer.from(JSON.stringify({ tag })),
        }),
      );
      expect(r.StatusCode).toBe(202);
    }
    await expect
      .poll(async () => (await engineStatus(t.engine)).queuedEvents, {
        timeout: 20_000,
        interval: 50,
      })
      .toBe(0);
    const ran = (await spans("e")).sort((a, b) => a.start - b.start);
    expect(ran.map((s) => s.tag).sort()).toEqual([...tags].sort());
    // Never more than the reservation at once.
    const points = ran.flatMap((s) => [
      [s.start, 1],
      [s.end, -1],
    ]);
    points.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
    let running = 0;
    let peak = 0;
    for (const [, d] of points) peak = Math.max(peak, (running += d ?? 0));
    expect(peak).toBeLessThanOrEqual(2);
    // Eight of the ten were throttled when they first came up. Each started when a run ended:
    // none waited for the first throttle backoff (1 s) to pass.
    for (const s of ran.slice(2)) {
      const lastEndBefore = Math.max(...ran.filter((o) => o.end <= s.start).map((o) => o.end));
      expect(s.start - lastEndBefore).toBeLessThan(500);
    }
  });
});
