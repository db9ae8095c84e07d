import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateFunctionCommand, TagResourceCommand } from "@aws-sdk/client-lambda";
import { createInput } from "@/test/support/lambda";
import { auditArn, startAuditEngine, type AuditTestEngine } from "@/test/support/audit";
import { lookupTrailEvents } from "../aws/cloudtrail";
import type { Target } from "../targets/types";
import { openConsoleDb } from "../console-db/db";
import { AuditStore } from "./store";
import {
  readTimeline,
  type TimelineCursor,
  type TimelineFilters,
  type TimelineItem,
  type TimelineSources,
} from "./timeline";

/**
 * The Audit page's timeline merges the console's own log with the engine's trail, read through
 * lib/aws's CloudTrail wrapper against a real engine, page by page.
 */

const KEY = { id: "AKIATIMELINETEST0001", secret: "timeline-test-secret" };
let t: AuditTestEngine;
let dir: string;
let consoleLog: AuditStore;
let sources: TimelineSources;
let t0: number;

const iso = (ms: number) => new Date(ms).toISOString();
const labelOf = (i: TimelineItem) =>
  i.source === "console" ? `console:${i.entry.action}` : `engine:${i.event.name}`;

async function readAll(filters: TimelineFilters, pageSize: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: TimelineCursor | undefined = {};
  for (let n = 0; cursor && n < 20; n++) {
    const page = await readTimeline(sources, filters, cursor, pageSize);
    expect(page.engineProblem).toBeUndefined();
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    out.push(...page.items.map(labelOf));
    cursor = page.next;
  }
  return out;
}

beforeAll(async () => {
  process.env.LAMBDA_ENGINE_ACCESS_KEY_ID = KEY.id;
  process.env.LAMBDA_ENGINE_SECRET_ACCESS_KEY = KEY.secret;
  t = await startAuditEngine("timeline-", {
    LAMBDA_ENGINE_ACCESS_KEY_ID: KEY.id,
    LAMBDA_ENGINE_SECRET_ACCESS_KEY: KEY.secret,
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "timeline-console-"));
  consoleLog = new AuditStore(openConsoleDb(dir));
  const target: Target = {
    id: "local",
    label: "Local engine",
    kind: "local",
    region: "us-east-1",
    environment: "local",
    color: "green",
    endpoint: t.engine.endpoint,
  };
  sources = {
    queryConsole: (q) => consoleLog.query(q),
    lookupEngine: (q) => lookupTrailEvents(target, q),
  };
  // Engine calls at t0+1s and t0+3s, console actions at t0+2s and t0+4s, one more engine at +5s.
  t0 = Date.now() - 60_000;
  const entry = (action: string, resource: string, ms: number) =>
    consoleLog.record({
      actor: "alice",
      actorName: "Alice",
      role: "admin",
      action,
      target: "local",
      resource,
      result: "ok",
      message: null,
      time: iso(ms),
    });
  t.clock.now = t0 + 1000;
  await t.lambda.send(new CreateFunctionCommand(createInput("tl-fn")));
  entry("functions.invoke", "tl-fn", t0 + 2000);
  t.clock.now = t0 + 3000;
  await t.lambda.send(new TagResourceCommand({ Resource: auditArn("tl-fn"), Tags: { a: "1" } }));
  entry("functions.delete", "other-fn", t0 + 4000);
  t.clock.now = t0 + 5000;
  await t.lambda.send(new CreateFunctionCommand(createInput("tl-other")));
});

afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the merged audit timeline", () => {
  it("interleaves console actions and engine events newest first, across pages", async () => {
    const expected = [
      "engine:CreateFunction20150331",
      "console:functions.delete",
      "engine:TagResource20170331v2",
      "console:functions.invoke",
      "engine:CreateFunction20150331",
    ];
    expect(await readAll({}, 50)).toEqual(expected);
    expect(await readAll({}, 2)).toEqual(expected);
    expect(await readAll({}, 1)).toEqual(expected);
  });

  it("filters by source, user, action, resource and time", async () => {
    expect(await readAll({ source: "console" }, 1)).toEqual([
      "console:functions.delete",
      "console:functions.invoke",
    ]);
    expect(await readAll({ source: "engine" }, 2)).toEqual([
      "engine:CreateFunction20150331",
      "engine:TagResource20170331v2",
      "engine:CreateFunction20150331",
    ]);
    expect(await readAll({ who: "root" }, 50)).toHaveLength(3);
    expect(await readAll({ who: "alice" }, 50)).toEqual([
      "console:functions.delete",
      "console:functions.invoke",
    ]);
    expect(await readAll({ resource: "tl-fn" }, 50)).toEqual([
      "console:functions.invoke",
      "engine:CreateFunction20150331",
    ]);
    expect(await readAll({ action: "TagResource20170331v2" }, 50)).toEqual([
      "engine:TagResource20170331v2",
    ]);
    expect(await readAll({ since: iso(t0 + 1500), until: iso(t0 + 4500) }, 50)).toEqual([
      "console:functions.delete",
      "engine:TagResource20170331v2",
      "console:functions.invoke",
    ]);
  });

  it("still shows console actions when the engine cannot be read, and says why", async () => {
    const page = await readTimeline(
      {
        queryConsole: sources.queryConsole,
        lookupEngine: (q) =>
          lookupTrailEvents(
            {
              id: "staging",
              label: "Staging",
              kind: "local",
              region: "us-east-1",
              environment: "staging",
              color: "amber",
              endpoint: "http://127.0.0.1:9",
            },
            q,
          ),
      },
      {},
      {},
    );
    expect(page.items.map(labelOf)).toEqual([
      "console:functions.delete",
      "console:functions.invoke",
    ]);
    expect(page.engineProblem).toContain("is not running on http://127.0.0.1:9");
  });
});
