import { describe, expect } from "vitest";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudwatch-logs";
import type { RunningEngine } from "../../engine";
import { rejection, type LogsHarness } from "@/test/support/logs";
import { logsTest } from "@/test/support/fixtures";

let harness: LogsHarness;
let engine: RunningEngine;
let logs: LogsHarness["logs"];

const test = logsTest("logs-groups");

test.beforeAll(({ logsHarness }) => {
  harness = logsHarness;
  ({ engine, logs } = harness);
});

describe("log groups", () => {
  test("creates a group and describes it with AWS's fields", async () => {
    const before = Date.now();
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/alpha" }));
    const out = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/lambda/alpha" }),
    );
    expect(out.logGroups).toHaveLength(1);
    const g = out.logGroups?.[0];
    const arn = `arn:aws:logs:us-east-1:${engine.ctx.config.accountId}:log-group:/aws/lambda/alpha`;
    expect(g).toMatchObject({
      logGroupName: "/aws/lambda/alpha",
      arn: `${arn}:*`,
      logGroupArn: arn,
      metricFilterCount: 0,
      storedBytes: 0,
      logGroupClass: "STANDARD",
    });
    expect(g?.creationTime).toBeGreaterThanOrEqual(before - 1000);
    expect(g?.retentionInDays).toBeUndefined();
  });

  test("refuses a duplicate with ResourceAlreadyExistsException", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "dup-group" }));
    const err = await rejection(
      logs.send(new CreateLogGroupCommand({ logGroupName: "dup-group" })),
    );
    expect(err).toBeInstanceOf(ResourceAlreadyExistsException);
    expect(err.message).toBe("The specified log group already exists");
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  test("refuses an invalid group name with InvalidParameterException", async () => {
    const err = await rejection(
      logs.send(new CreateLogGroupCommand({ logGroupName: "bad name!" })),
    );
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect(err.message).toContain("logGroupName");
  });

  test("filters by prefix or pattern, and pages with limit/nextToken", async () => {
    for (const n of ["pg/a", "pg/b", "pg/c", "pg/d", "pg/e", "other/PGX"])
      await logs.send(new CreateLogGroupCommand({ logGroupName: n }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: "pg/", limit: 2, nextToken }),
      );
      seen.push(...(out.logGroups ?? []).map((g) => g.logGroupName ?? ""));
      nextToken = out.nextToken;
      pages++;
    } while (nextToken);
    expect(seen).toEqual(["pg/a", "pg/b", "pg/c", "pg/d", "pg/e"]);
    expect(pages).toBe(3);

    const arn = `arn:aws:logs:us-east-1:${engine.ctx.config.accountId}:log-group:pg/c:*`;
    const byId = await logs.send(
      new DescribeLogGroupsCommand({ logGroupIdentifiers: [arn, "pg/a", "pg/zz"] }),
    );
    expect(byId.logGroups?.map((g) => g.logGroupName)).toEqual(["pg/a", "pg/c"]);

    const byPattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "pgx" }));
    expect(byPattern.logGroups?.map((g) => g.logGroupName)).toEqual(["other/PGX"]);

    const both = await rejection(
      logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: "pg", logGroupNamePattern: "pg" }),
      ),
    );
    expect(both).toBeInstanceOf(InvalidParameterException);
    const tooMany = await rejection(logs.send(new DescribeLogGroupsCommand({ limit: 51 })));
    expect(tooMany).toBeInstanceOf(InvalidParameterException);
  });

  test("reports storedBytes from the events it holds", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "bytes-group" }));
    await logs.send(
      new CreateLogStreamCommand({ logGroupName: "bytes-group", logStreamName: "s" }),
    );
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "bytes-group",
        logStreamName: "s",
        logEvents: [{ timestamp: Date.now(), message: "héllo" }],
      }),
    );
    const out = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "bytes-group" }),
    );
    expect(out.logGroups?.[0]?.storedBytes).toBe(6);
  });

  test("sets and removes retention, refusing values AWS refuses", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "ret-group" }));
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: "ret-group", retentionInDays: 14 }),
    );
    let out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "ret-group" }));
    expect(out.logGroups?.[0]?.retentionInDays).toBe(14);

    const bad = await rejection(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: "ret-group", retentionInDays: 2 })),
    );
    expect(bad).toBeInstanceOf(InvalidParameterException);
    expect(bad.message).toContain(
      "Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
    );

    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: "ret-group" }));
    out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "ret-group" }));
    expect(out.logGroups?.[0]?.retentionInDays).toBeUndefined();

    const missing = await rejection(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: "nope", retentionInDays: 1 })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe("The specified log group does not exist.");
  });

  test("deletes a group with its streams; a second delete is ResourceNotFoundException", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "del-group" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "del-group", logStreamName: "s1" }));
    await logs.send(new DeleteLogGroupCommand({ logGroupName: "del-group" }));
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "del-group" }));
    expect(out.logGroups).toEqual([]);
    const err = await rejection(
      logs.send(new DeleteLogGroupCommand({ logGroupName: "del-group" })),
    );
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toBe("The specified log group does not exist.");
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });
});
