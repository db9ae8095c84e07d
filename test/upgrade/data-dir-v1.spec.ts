import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import {
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  type LambdaClient,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
} from "@aws-sdk/client-lambda";
import { FilterLogEventsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import type { RunningEngine } from "@/lib/engine/engine";
import { logsClientFor } from "../support/lambda";
import { engineTest } from "../support/fixtures";
import { SCHEMA } from "@/lib/engine/store/schema";
import { openConsoleDb } from "@/lib/console-db/db";
import { UserStore } from "@/lib/idp/user-store";
import { RevocationStore } from "@/lib/auth/revocation-store";
import { createSqliteAdapter } from "@/lib/idp/sqlite-adapter";
import { TestEventStore } from "@/lib/test-events/store";
import { ImageHistoryStore } from "@/lib/image-history/store";
import { AuditStore } from "@/lib/audit/store";
import { FIXTURE } from "../fixtures/upgrade-fixture";

// A data dir written by 0.1.0 (test/fixtures/data-dir-v1, made by scripts/make-upgrade-fixture.ts)
// opened by this version: every store migrated forward, everything still there and working.
const ARCHIVE = path.resolve(import.meta.dirname, "../fixtures/data-dir-v1/data.tar.gz");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-v1-"));
const dataDir = path.join(tmp, "data");
let engine: RunningEngine;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;
let cw: CloudWatchClient;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

/**
 * The fixture was written on one day and is opened on any later one: Event invocations expire
 * after 6 hours and metric samples after 15 days. Moved forward (on the v1 schema, before the
 * engine migrates it) as if the upgrade happened a minute after the old version stopped.
 */
function asIfJustStopped(file: string): void {
  const db = new Database(file);
  const { t } = db.prepare("SELECT max(received_at) AS t FROM async_events").get() as { t: number };
  const shift = Date.now() - 60_000 - t;
  db.prepare("UPDATE async_events SET received_at = received_at + ?, due_at = due_at + ?").run(
    shift,
    shift,
  );
  db.prepare("UPDATE metric_samples SET ts = ts + ?").run(shift);
  db.close();
}

const test = engineTest("upgrade-v1-", async (afterClose) => {
  afterClose(() => fs.rmSync(tmp, { recursive: true, force: true }));
  fs.mkdirSync(dataDir);
  execFileSync("tar", ["-C", dataDir, "-xzf", ARCHIVE]);
  expect(
    new Database(path.join(dataDir, "engine.sqlite")).pragma("user_version", { simple: true }),
  ).toBe(4);
  asIfJustStopped(path.join(dataDir, "engine.sqlite"));
  return { LAMBDA_CONSOLE_DATA_DIR: dataDir, LAMBDA_REGISTRY_PORT: String(await freePort()) };
});

test.beforeAll(({ testEngine }) => {
  engine = testEngine.engine;
  lambda = testEngine.lambda;
  const { accessKeyId, secretAccessKey } = engine.ctx.config;
  cw = new CloudWatchClient({
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  logs = logsClientFor(engine);
});

afterAll(() => {
  cw?.destroy();
  logs?.destroy();
});

describe("a data dir written by 0.1.0, opened by this version", () => {
  test("the engine store is migrated to the current schema", () => {
    expect(engine.ctx.db.pragma("user_version", { simple: true })).toBe(SCHEMA.length);
  });

  test("functions, versions, aliases, tags, environment and event-invoke config are all there", async () => {
    const names = (await lambda.send(new ListFunctionsCommand({}))).Functions?.map(
      (f) => f.FunctionName,
    );
    expect(names?.sort()).toEqual(
      [FIXTURE.imageFunction, FIXTURE.queuedFunction, FIXTURE.zipFunction].sort(),
    );
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: FIXTURE.zipFunction }));
    expect(fn.Tags).toEqual(FIXTURE.tags);
    expect(fn.Configuration?.Environment?.Variables).toEqual(FIXTURE.environment);
    const versions = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: FIXTURE.zipFunction }),
    );
    expect(versions.Versions?.map((v) => [v.Version, v.Description])).toEqual([
      ["$LATEST", ""],
      ["1", "first"],
      ["2", "second"],
    ]);
    const alias = await lambda.send(
      new GetAliasCommand({ FunctionName: FIXTURE.zipFunction, Name: FIXTURE.alias }),
    );
    expect(alias.FunctionVersion).toBe("2");
    expect(alias.RoutingConfig?.AdditionalVersionWeights).toEqual({ "1": 0.25 });
    const eic = await lambda.send(
      new GetFunctionEventInvokeConfigCommand({ FunctionName: FIXTURE.zipFunction }),
    );
    expect(eic.MaximumRetryAttempts).toBe(1);
  });

  test("the code of each version runs: version 1 and version 2 answer as they did", async () => {
    for (const [q, want] of [
      ["1", "v1"],
      ["2", "v2"],
    ] as const) {
      const r = await lambda.send(
        new InvokeCommand({ FunctionName: FIXTURE.zipFunction, Qualifier: q }),
      );
      expect(JSON.parse(Buffer.from(r.Payload ?? []).toString())).toEqual({ version: want });
    }
  });

  test("the image function runs from its cached image", async () => {
    const r = await lambda.send(
      new InvokeCommand({ FunctionName: FIXTURE.imageFunction, Payload: Buffer.from("{}") }),
    );
    expect(r.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(r.Payload ?? []).toString())).toMatchObject({
      message: FIXTURE.imageMessage,
    });
  });

  test("the old log events and metrics are readable", async () => {
    const events = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: `/aws/lambda/${FIXTURE.zipFunction}`,
        filterPattern: `"${FIXTURE.logLine} v2"`,
        startTime: 0,
      }),
    );
    const old = (events.events ?? []).filter((e) => e.message?.includes('"n":'));
    expect(old).toHaveLength(FIXTURE.invocations);
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/Lambda",
        MetricName: "Invocations",
        Dimensions: [{ Name: "FunctionName", Value: FIXTURE.zipFunction }],
        StartTime: new Date(Date.now() - 3600_000),
        EndTime: new Date(Date.now() + 60_000),
        Period: 3600,
        Statistics: ["Sum"],
      }),
    );
    const sum = (stats.Datapoints ?? []).reduce((a, d) => a + (d.Sum ?? 0), 0);
    expect(sum).toBeGreaterThanOrEqual(FIXTURE.invocations);
  });

  test("the queued Event invocations run once the function may run again", async () => {
    await lambda.send(
      new DeleteFunctionConcurrencyCommand({ FunctionName: FIXTURE.queuedFunction }),
    );
    await expect
      .poll(
        async () => {
          const r = await logs.send(
            new FilterLogEventsCommand({
              logGroupName: `/aws/lambda/${FIXTURE.queuedFunction}`,
              filterPattern: `"${FIXTURE.logLine} queued"`,
              startTime: 0,
            }),
          );
          return (r.events ?? []).map((e) => /"queued":(\d)/.exec(e.message ?? "")?.[1]).sort();
        },
        { timeout: 30_000, interval: 200 },
      )
      .toEqual(["0", "1"]);
  });

  test("users sign in with their passwords; sessions, test events, image history and audit are kept", async () => {
    const db = openConsoleDb(dataDir);
    try {
      const users = new UserStore(db);
      for (const u of FIXTURE.users) {
        expect((await users.verify(u.name, u.password))?.groups).toEqual(u.groups);
        expect(await users.verify(u.name, "wrong-password")).toBeNull();
      }
      const revocations = new RevocationStore(db);
      expect(revocations.isRevoked(FIXTURE.revokedSubject, FIXTURE.revokedBefore - 1)).toBe(true);
      expect(revocations.isRevoked(FIXTURE.revokedSubject, FIXTURE.revokedBefore + 1)).toBe(false);
      const Adapter = createSqliteAdapter(db);
      expect(await new Adapter("Session").find(FIXTURE.oidcSessionId)).toMatchObject({
        accountId: FIXTURE.users[0].name,
      });
      const t = FIXTURE.testEvent;
      expect(new TestEventStore(db).get(t.targetId, t.functionName, t.name)?.json).toBe(t.json);
      expect(new ImageHistoryStore(db).list("local", FIXTURE.imageFunction)).toMatchObject([
        { kind: "create", imageUri: "fixture/busybox:v1", result: "ok" },
      ]);
      expect(new AuditStore(db).query({ action: "CreateFunction" })).toMatchObject([
        { actor: FIXTURE.users[0].name, resource: FIXTURE.zipFunction },
      ]);
    } finally {
      db.close();
    }
  });
});
