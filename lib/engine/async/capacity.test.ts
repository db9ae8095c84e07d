import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AwsError } from "../errors/aws-error";
import { ConcurrencyLedger } from "../scheduler/concurrency";
import { openDb } from "../store/db";
import { DurableEventQueue, type EventRunResult } from "./durable-queue";
import { EventQueueStore, type QueuedEvent } from "./queue-store";

/**
 * The durable queue against a reservation, with the real store and ledger and a function that
 * finishes when the test says so: throttled events wait for capacity, not for their backoff.
 */
function setUp(opts: { reserved: number; maxInFlight?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "queue-capacity-"));
  const ledger = new ConcurrencyLedger(1000);
  const running: { e: QueuedEvent; finish: () => void }[] = [];
  const started: number[] = [];
  let throttles = 0;
  const queue: DurableEventQueue = new DurableEventQueue({
    store: new EventQueueStore(openDb(dir)),
    run: (e) => {
      const lease = ledger.tryAcquire(e.functionName, opts.reserved);
      if (!lease.ok) {
        throttles++;
        return Promise.reject(new AwsError(429, "TooManyRequestsException", "Rate Exceeded."));
      }
      started.push(Number(e.payload.toString()));
      return new Promise<EventRunResult>((resolve) =>
        running.push({
          e,
          finish: () => {
            lease.release();
            resolve({ payload: Buffer.from("null"), executedVersion: "$LATEST" });
          },
        }),
      );
    },
    settings: () => ({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 21600 }),
    deliver: () => undefined,
    functionArn: (name) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    delayScale: 1, // throttle backoffs of 1 s and more: longer than any wait below
    maxInFlight: opts.maxInFlight ?? 16,
  });
  queue.follow(ledger);
  const enqueue = (n: number, fn = "f") => {
    for (let i = 0; i < n; i++)
      queue.enqueue({
        requestId: `r-${fn}-${i}`,
        functionName: fn,
        payload: Buffer.from(String(i)),
      });
  };
  /** Ends the oldest running invocation. */
  const finishOne = () => running.shift()?.finish();
  const settle = () => new Promise((r) => setTimeout(r, 10));
  cleanups.push(async () => {
    while (running.length > 0) finishOne();
    await queue.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    queue,
    ledger,
    running,
    started,
    throttles: () => throttles,
    enqueue,
    finishOne,
    settle,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("the Event queue against a function's concurrency", () => {
  it("starts the next waiting event as each invocation ends, in order, without a backoff", async () => {
    const t = setUp({ reserved: 2 });
    t.enqueue(8);
    await t.settle();
    expect(t.running.length).toBe(2);
    for (let done = 1; done <= 6; done++) {
      t.finishOne();
      await t.settle();
      // Well before the first throttle backoff (1 s): the released slot is taken at once.
      expect(t.running.length).toBe(2);
      expect(t.started.length).toBe(2 + done);
    }
    expect(t.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(t.ledger.peakFor("f")).toBe(2);
    expect(t.queue.size).toBe(2);
  });

  it("claims no other event of a function at its concurrency (throttles happen once, not per event)", async () => {
    const t = setUp({ reserved: 2, maxInFlight: 8 });
    t.enqueue(4);
    await t.settle();
    const first = t.throttles();
    expect(first).toBe(2); // 4 claimed, 2 ran
    t.enqueue(10);
    await t.settle();
    expect(t.throttles()).toBe(first);
    while (t.started.length < 14) {
      t.finishOne();
      await t.settle();
    }
    expect(t.throttles()).toBe(first);
    expect(t.started).toEqual([0, 1, 2, 3, ...Array.from({ length: 10 }, (_, i) => i)]);
  });

  it("leaves other functions' events free to run", async () => {
    const t = setUp({ reserved: 1 });
    t.enqueue(5, "busy");
    await t.settle();
    t.enqueue(1, "other");
    await t.settle();
    expect(t.running.map((r) => r.e.functionName).sort()).toEqual(["busy", "other"]);
  });
});
