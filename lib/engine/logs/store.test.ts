import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDb, type Db } from "../store/db";
import { compileFilterPattern } from "./filter-pattern";
import { filterEvents, readStreamPage, type EventRow } from "./events";
import { startRetentionSweep } from "./retention";
import { LogStore } from "./store";
import type { EventCursor } from "./tokens";
import { LogWriter } from "./writer";

const DAY = 24 * 60 * 60 * 1000;
let dir: string;
let db: Db;
let clock: number;
let store: LogStore;
let writer: LogWriter;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "log-store-"));
  db = openDb(dir);
  clock = Date.UTC(2030, 0, 10);
  store = new LogStore(db, () => clock);
  writer = new LogWriter(db);
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = (group: string) =>
  (
    db.prepare("SELECT COUNT(*) AS n FROM log_events WHERE group_name = ?").get(group) as {
      n: number;
    }
  ).n;

describe("retention with an injected clock", () => {
  it("expires only events older than the group's retention, as the clock moves", () => {
    writer.append("g", "s", [
      { timestamp: clock - 2 * DAY, message: "old" },
      { timestamp: clock - 1000, message: "new" },
    ]);
    writer.append("keep", "s", [{ timestamp: clock - 300 * DAY, message: "no policy" }]);
    store.setRetention("g", 1);
    expect(count("g")).toBe(1);
    expect(store.getStream("g", "s")?.first_event_ts).toBe(clock - 1000);

    clock += 2 * DAY;
    expect(store.expireAll()).toBe(1);
    expect(count("g")).toBe(0);
    expect(count("keep")).toBe(1);
    expect(store.getStream("g", "s")?.last_event_ts).toBeNull();
  });

  it("the periodic sweep runs on its interval and stops when disposed", () => {
    vi.useFakeTimers();
    writer.append("g", "s", [{ timestamp: clock - 1000, message: "soon old" }]);
    store.setRetention("g", 1);
    const stop = startRetentionSweep(store, 1000);
    clock += 2 * DAY;
    expect(count("g")).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(count("g")).toBe(0);
    stop();
    writer.append("g", "s", [{ timestamp: clock - 3 * DAY, message: "old again" }]);
    vi.advanceTimersByTime(5000);
    expect(count("g")).toBe(1);
  });
});

describe("50,000 events", () => {
  it("filters and pages quickly, with time range and term prefilter in SQL", () => {
    const base = clock - DAY;
    const batch = Array.from({ length: 10_000 }, (_, i) => ({
      timestamp: base + i,
      message:
        i % 1000 === 0 ? `ERROR request ${i} failed` : `INFO request ${i} ok {"ms":${i % 500}}`,
    }));
    for (let s = 0; s < 5; s++) writer.append("big", `stream-${s}`, batch);
    expect(count("big")).toBe(50_000);

    let t = performance.now();
    const errors = filterEvents(db, {
      group: "big",
      pattern: compileFilterPattern("ERROR failed"),
      limit: 10_000,
    });
    const termMs = performance.now() - t;
    expect(errors.events).toHaveLength(50);
    expect(errors.next).toBeUndefined();

    t = performance.now();
    const json = filterEvents(db, {
      group: "big",
      pattern: compileFilterPattern("?ok ?nothing"),
      limit: 100,
      startTime: base + 9000,
    });
    expect(json.events).toHaveLength(100);
    expect(json.next).toBeDefined();
    // A full regex scan may outlast one request's matching budget: follow the cursor as a client would.
    const scanAll: EventRow[] = [];
    let after: EventCursor | undefined;
    do {
      const page = filterEvents(db, {
        group: "big",
        pattern: compileFilterPattern("%request 9999 ok%"),
        limit: 10_000,
        after,
      });
      scanAll.push(...page.events);
      after = page.next;
    } while (after);
    const fullMs = performance.now() - t;
    expect(scanAll).toHaveLength(5);

    t = performance.now();
    const tail = readStreamPage(db, {
      group: "big",
      stream: "stream-3",
      direction: "backward",
      limit: 100,
    });
    const tailMs = performance.now() - t;
    expect(tail[tail.length - 1]?.message).toContain("request 9999");

    // Budgets are loose for a shared 2-core machine; they catch a lost index or an N² scan.
    expect(termMs).toBeLessThan(500);
    expect(fullMs).toBeLessThan(1500);
    expect(tailMs).toBeLessThan(50);
    console.log(
      `[logs perf] 50k events: term ${termMs.toFixed(1)} ms, regex full scan ${fullMs.toFixed(1)} ms, tail ${tailMs.toFixed(1)} ms`,
    );
  });
});
