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
import { UNLIMITED } from "./time-budget";

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

/** What `run` asked SQLite for on log_events: each statement's EXPLAIN QUERY PLAN, one line. */
function plansOf(run: () => void): string[] {
  const sqls: string[] = [];
  const prepare = db.prepare.bind(db);
  const spy = vi.spyOn(db, "prepare").mockImplementation(((sql: string) => {
    sqls.push(sql);
    return prepare(sql);
  }) as Db["prepare"]);
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return sqls
    .filter((sql) => sql.includes("FROM log_events"))
    .map((sql) => {
      const params = Array<string>((sql.match(/\?/g) ?? []).length).fill("x");
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      return rows.map((r) => r.detail).join(" | ");
    });
}

/** A compiled filter pattern that counts the events it was run on. */
function counted(source: string) {
  const p = compileFilterPattern(source);
  const c = {
    calls: 0,
    pattern: {
      requiredSubstrings: p.requiredSubstrings,
      match: (m: string) => {
        c.calls++;
        return p.match(m);
      },
    },
  };
  return c;
}

const BY_GROUP = "SEARCH log_events USING INDEX log_events_group_ts (group_name=? AND ts>?)";

describe("50,000 events", () => {
  // Operation counts and query plans, not wall time: they catch a lost index or an N² scan on
  // any machine.
  it("filters and pages on the indexes, with time range and term prefilter in SQL, each event matched once", () => {
    const base = clock - DAY;
    const batch = Array.from({ length: 10_000 }, (_, i) => ({
      timestamp: base + i,
      message:
        i % 1000 === 0 ? `ERROR request ${i} failed` : `INFO request ${i} ok {"ms":${i % 500}}`,
    }));
    for (let s = 0; s < 5; s++) writer.append("big", `stream-${s}`, batch);
    expect(count("big")).toBe(50_000);

    const term = counted("ERROR failed");
    let errors: ReturnType<typeof filterEvents> | undefined;
    expect(
      plansOf(() => {
        // Unlimited: how many events one page decides is the budget's business (filter-budget.test).
        errors = filterEvents(db, {
          group: "big",
          pattern: term.pattern,
          limit: 10_000,
          budget: UNLIMITED,
        });
      }),
    ).toEqual([BY_GROUP]);
    expect(errors?.events).toHaveLength(50);
    expect(errors?.next).toBeUndefined();
    // The terms ran in SQL: only the 50 events holding them reached the matcher.
    expect(term.calls).toBe(50);

    const either = counted("?ok ?nothing");
    let json: ReturnType<typeof filterEvents> | undefined;
    expect(
      plansOf(() => {
        json = filterEvents(db, {
          group: "big",
          pattern: either.pattern,
          limit: 100,
          startTime: base + 9000,
          budget: UNLIMITED,
        });
      }),
    ).toEqual([BY_GROUP]);
    expect(json?.events).toHaveLength(100);
    expect(json?.next).toBeDefined();
    // From base + 9000 on: the five ERROR events there, then 100 matches and the first match that
    // does not fit, where the page stops.
    expect(either.calls).toBe(106);

    // A full regex scan may outlast one request's matching budget: follow the cursor as a client would.
    const regex = counted("%request 9999 ok%");
    const scanAll: EventRow[] = [];
    const plans = plansOf(() => {
      let after: EventCursor | undefined;
      do {
        const page = filterEvents(db, {
          group: "big",
          pattern: regex.pattern,
          limit: 10_000,
          after,
        });
        scanAll.push(...page.events);
        after = page.next;
      } while (after);
    });
    expect(scanAll).toHaveLength(5);
    expect(new Set(plans)).toEqual(new Set([BY_GROUP]));
    // However many pages it took, each event was matched exactly once.
    expect(regex.calls).toBe(50_000);

    let tail: EventRow[] = [];
    expect(
      plansOf(() => {
        tail = readStreamPage(db, {
          group: "big",
          stream: "stream-3",
          direction: "backward",
          limit: 100,
        });
      }),
    ).toEqual([
      "SEARCH log_events USING INDEX log_events_stream_ts (group_name=? AND stream_name=?)",
    ]);
    expect(tail).toHaveLength(100);
    expect(tail[tail.length - 1]?.message).toContain("request 9999");
  });
});
