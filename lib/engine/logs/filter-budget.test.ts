import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../store/db";
import { filterEvents, type EventRow, type FilterQuery } from "./events";
import { compileFilterPattern } from "./filter-pattern";
import { UNLIMITED, startTimeBudget, type TimeBudget } from "./time-budget";
import type { EventCursor } from "./tokens";
import { LogWriter } from "./writer";

let dir: string;
let db: Db;
let writer: LogWriter;
const base = Date.now() - 60_000;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "filter-budget-"));
  db = openDb(dir);
  writer = new LogWriter(db);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A budget spent after `rows` checks: each page then decides exactly that many events. */
function rowsBudget(rows: number): TimeBudget {
  let tick = 0;
  return startTimeBudget(rows, () => tick++);
}

/** Follows `next` as the SDK's paginator follows nextToken. */
function allPages(q: FilterQuery, budget: () => TimeBudget): { events: EventRow[]; pages: number } {
  const events: EventRow[] = [];
  let after: EventCursor | undefined;
  let pages = 0;
  do {
    const page = filterEvents(db, { ...q, after, budget: budget() });
    pages++;
    events.push(...page.events);
    after = page.next;
  } while (after && pages < 10_000);
  return { events, pages };
}

/** Three streams appended in turns, 20 events per timestamp: cursors must resume inside ties. */
function seedTies(group: string, perStream: number): void {
  for (let round = 0; round < 4; round++)
    for (const stream of ["a", "b", "c"]) {
      const from = (round * perStream) / 4;
      writer.append(
        group,
        stream,
        Array.from({ length: perStream / 4 }, (_, k) => ({
          timestamp: base + Math.floor((from + k) / 20),
          message: `${stream} event ${from + k}`,
        })),
      );
    }
}

describe("FilterLogEvents pages cut short by the matching budget", () => {
  it("concatenate to the one-shot answer, without skipping or repeating an event", () => {
    seedTies("g", 400);
    const queries: Omit<FilterQuery, "limit">[] = [
      { group: "g", pattern: compileFilterPattern("%[37]$%") },
      { group: "g", pattern: compileFilterPattern("") },
      {
        group: "g",
        pattern: compileFilterPattern("%^b%"),
        startTime: base + 3,
        endTime: base + 11,
      },
      { group: "g", pattern: compileFilterPattern("?a ?c"), streams: ["a", "c"] },
    ];
    for (const q of queries)
      for (const limit of [1, 3, 10_000]) {
        const whole = allPages({ ...q, limit }, () => UNLIMITED).events.map((e) => e.id);
        expect(whole.length).toBeGreaterThan(0);
        for (const rows of [1, 2, 7, 100]) {
          const paged = allPages({ ...q, limit }, () => rowsBudget(rows));
          expect(paged.events.map((e) => e.id)).toEqual(whole);
          if (rows === 1) expect(paged.pages).toBeGreaterThan(whole.length);
        }
      }
  });

  it("keeps the 1 MB page cap and the budget together", () => {
    const big = "x".repeat(200_000);
    writer.append(
      "big",
      "s",
      Array.from({ length: 12 }, (_, i) => ({ timestamp: base, message: `${i} ${big}` })),
    );
    for (const rows of [1, 3, 12]) {
      const paged = allPages({ group: "big", pattern: compileFilterPattern("x"), limit: 100 }, () =>
        rowsBudget(rows),
      );
      expect(paged.events.map((e) => e.message.split(" ")[0])).toEqual(
        Array.from({ length: 12 }, (_, i) => String(i)),
      );
    }
  });

  it("cuts a slow regex's page short under the default budget, with a cursor to what it decided", () => {
    // Lowercase words: re2js spends milliseconds per 200-character event on this pattern, so the
    // 1000 events take seconds against a budget of MATCH_BUDGET_MS.
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const words = () =>
      Array.from({ length: 200 }, () =>
        "abcdefghijklmnopqrstuvwxyz ".charAt(Math.floor(random() * 27)),
      ).join("");
    writer.append(
      "slow",
      "s",
      Array.from({ length: 1000 }, (_, i) => ({ timestamp: base + i, message: words() })),
    );
    const slow = compileFilterPattern("%[a-z].{300}[QZ]%");
    let matched = 0;
    const pattern = {
      requiredSubstrings: slow.requiredSubstrings,
      match: (m: string) => {
        matched++;
        return slow.match(m);
      },
    };
    const page = filterEvents(db, { group: "slow", pattern, limit: 10_000 });
    expect(page.events).toEqual([]);
    // Counted, not timed: the page stopped early, and its cursor is the last event it matched,
    // so the next page resumes right after it.
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThan(1000);
    expect(page.next).toEqual({ ts: base + matched - 1, id: matched });
  });
});
