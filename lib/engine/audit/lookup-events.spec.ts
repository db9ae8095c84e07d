import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect } from "vitest";
import { CreateFunctionCommand, TagResourceCommand } from "@aws-sdk/client-lambda";
import { LookupEventsCommand, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import { createInput, failure } from "@/test/support/lambda";
import { auditArn, lookupAll, startAuditEngine, type AuditTestEngine } from "@/test/support/audit";
import { auditTest } from "@/test/support/fixtures";

/** LookupEvents over the engine's trail: CloudTrail's pages, filters, errors and retention. */

const DAY = 86_400_000;
let t: AuditTestEngine;
let t0: number;

/** Five TagResource calls on "tagged", one second apart on the audit clock. */
const test = auditTest("audit-lookup-");

test.beforeAll(async ({ audit }) => {
  t = audit;
  t0 = t.clock.now;
  await t.lambda.send(new CreateFunctionCommand(createInput("tagged")));
  for (let i = 1; i <= 5; i++) {
    t.clock.now = t0 + i * 1000;
    await t.lambda.send(
      new TagResourceCommand({ Resource: auditArn("tagged"), Tags: { n: `${i}` } }),
    );
  }
});

const lookup = (input: LookupEventsCommandInput) =>
  t.cloudtrail.send(new LookupEventsCommand(input));
const byName = (value: string) => [{ AttributeKey: "EventName" as const, AttributeValue: value }];
const tagValues = (events: { CloudTrailEvent?: string }[] | undefined) =>
  (events ?? []).map(
    (e) =>
      (JSON.parse(e.CloudTrailEvent ?? "{}") as { requestParameters: { tags: { n: string } } })
        .requestParameters.tags.n,
  );

describe("LookupEvents", () => {
  test("pages newest first with MaxResults and NextToken", async () => {
    const input = { LookupAttributes: byName("TagResource20170331v2"), MaxResults: 2 };
    const p1 = await lookup(input);
    expect(tagValues(p1.Events)).toEqual(["5", "4"]);
    expect(p1.NextToken).toBeTruthy();
    const p2 = await lookup({ ...input, NextToken: p1.NextToken });
    expect(tagValues(p2.Events)).toEqual(["3", "2"]);
    const p3 = await lookup({ ...input, NextToken: p2.NextToken });
    expect(tagValues(p3.Events)).toEqual(["1"]);
    expect(p3.NextToken).toBeUndefined();
  });

  test("refuses a token used with other parameters, or made up", async () => {
    const p1 = await lookup({ LookupAttributes: byName("TagResource20170331v2"), MaxResults: 1 });
    const other = await failure(
      lookup({ LookupAttributes: byName("CreateFunction20150331"), NextToken: p1.NextToken }),
    );
    expect(other).toMatchObject({ name: "InvalidNextTokenException", status: 400 });
    const made = await failure(lookup({ NextToken: "not-a-token" }));
    expect(made.name).toBe("InvalidNextTokenException");
  });

  test("filters by one attribute: resource, type, source, user, key, event id", async () => {
    const all = await lookupAll(t.cloudtrail);
    expect(all.map((e) => e.EventName)).toEqual([
      ...Array<string>(5).fill("TagResource20170331v2"),
      "CreateFunction20150331",
    ]);
    expect(await lookupAll(t.cloudtrail, "ResourceName", "tagged")).toHaveLength(1);
    expect(await lookupAll(t.cloudtrail, "ResourceName", auditArn("tagged"))).toHaveLength(5);
    expect(await lookupAll(t.cloudtrail, "ResourceType", "AWS::Lambda::Function")).toHaveLength(6);
    expect(await lookupAll(t.cloudtrail, "EventSource", "lambda.amazonaws.com")).toHaveLength(6);
    expect(await lookupAll(t.cloudtrail, "EventSource", "s3.amazonaws.com")).toHaveLength(0);
    expect(await lookupAll(t.cloudtrail, "Username", "root")).toHaveLength(6);
    expect(await lookupAll(t.cloudtrail, "Username", "someone")).toHaveLength(0);
    const key = t.engine.ctx.config.accessKeyId;
    expect(await lookupAll(t.cloudtrail, "AccessKeyId", key)).toHaveLength(6);
    const one = await lookupAll(t.cloudtrail, "EventId", all[2]?.EventId ?? "");
    expect(one.map((e) => e.EventId)).toEqual([all[2]?.EventId]);
    expect(await lookupAll(t.cloudtrail, "ReadOnly", "false")).toHaveLength(6);
  });

  test("filters by an inclusive time range", async () => {
    const out = await lookup({
      StartTime: new Date(t0 + 2000),
      EndTime: new Date(t0 + 4000),
      LookupAttributes: byName("TagResource20170331v2"),
    });
    expect(tagValues(out.Events)).toEqual(["4", "3", "2"]);
  });

  test("answers CloudTrail's errors for invalid input", async () => {
    const range = await failure(lookup({ StartTime: new Date(t0 + 5000), EndTime: new Date(t0) }));
    expect(range).toMatchObject({ name: "InvalidTimeRangeException", status: 400 });
    const two = await failure(
      lookup({
        LookupAttributes: [...byName("x"), { AttributeKey: "Username", AttributeValue: "root" }],
      }),
    );
    expect(two.name).toBe("InvalidLookupAttributesException");
    const key = await failure(
      lookup({ LookupAttributes: [{ AttributeKey: "Colour" as never, AttributeValue: "red" }] }),
    );
    expect(key.name).toBe("InvalidLookupAttributesException");
    expect((await failure(lookup({ MaxResults: 51 }))).name).toBe("InvalidMaxResultsException");
    expect((await failure(lookup({ EventCategory: "data" as never }))).name).toBe(
      "InvalidEventCategoryException",
    );
  });

  test("works from the AWS CLI (botocore's target and timestamps)", async () => {
    const { stdout } = await promisify(execFile)(
      "aws",
      [
        "cloudtrail",
        "lookup-events",
        "--endpoint-url",
        t.engine.endpoint,
        "--region",
        "us-east-1",
        "--lookup-attributes",
        "AttributeKey=EventName,AttributeValue=CreateFunction20150331",
        "--output",
        "json",
      ],
      {
        env: {
          NODE_ENV: "test",
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: t.engine.ctx.config.accessKeyId,
          AWS_SECRET_ACCESS_KEY: t.engine.ctx.config.secretAccessKey,
        },
      },
    );
    const out = JSON.parse(stdout) as { Events: { EventName: string; Username: string }[] };
    expect(out.Events).toEqual([
      expect.objectContaining({ EventName: "CreateFunction20150331", Username: "root" }),
    ]);
  });
});

describe("retention", () => {
  test("expires events past the retention period on the injected clock, and prunes them", async () => {
    const r = await startAuditEngine("audit-retention-", {
      LAMBDA_ENGINE_AUDIT_RETENTION_DAYS: "2",
    });
    try {
      await r.lambda.send(new CreateFunctionCommand(createInput("old")));
      r.clock.now += DAY;
      await r.lambda.send(new CreateFunctionCommand(createInput("recent")));
      expect(await lookupAll(r.cloudtrail)).toHaveLength(2);
      r.clock.now += DAY + 1000;
      // Past two days "old" is never served, even before a sweep removes it.
      const kept = await lookupAll(r.cloudtrail);
      expect(kept.map((e) => e.Resources?.[0]?.ResourceName)).toEqual(["recent"]);
      expect(r.engine.audit.prune()).toBe(1);
      expect(r.engine.audit.store.count()).toBe(1);
    } finally {
      await r.close();
    }
  });

  test("keeps the newest events past the size bound", async () => {
    const r = await startAuditEngine("audit-bound-", { LAMBDA_ENGINE_AUDIT_MAX_EVENTS: "3" });
    try {
      for (const name of ["b1", "b2", "b3", "b4", "b5"])
        await r.lambda.send(new CreateFunctionCommand(createInput(name)));
      const kept = await lookupAll(r.cloudtrail);
      expect(kept.map((e) => e.Resources?.[0]?.ResourceName)).toEqual(["b5", "b4", "b3"]);
      expect(r.engine.audit.store.count()).toBe(3);
    } finally {
      await r.close();
    }
  });

  test("refuses a retention setting that is not a positive integer", async () => {
    await expect(
      startAuditEngine("audit-bad-", { LAMBDA_ENGINE_AUDIT_RETENTION_DAYS: "0" }),
    ).rejects.toThrow(/LAMBDA_ENGINE_AUDIT_RETENTION_DAYS must be a positive integer/);
  });
});
