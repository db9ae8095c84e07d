import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudwatch-logs";
import { startEngine, type RunningEngine } from "../../engine";

let engine: RunningEngine;
let logs: CloudWatchLogsClient;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "logs-groups-"));
  engine = await startEngine({
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: dataDir,
    LAMBDA_ENGINE_PORT: "0",
  });
  logs = new CloudWatchLogsClient({
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: engine.ctx.config.accessKeyId,
      secretAccessKey: engine.ctx.config.secretAccessKey,
    },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  logs?.destroy();
  await engine?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function rejection(
  p: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

describe("log groups", () => {
  it("creates a group and describes it with AWS's fields", async () => {
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

  it("refuses a duplicate with ResourceAlreadyExistsException", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "dup-group" }));
    const err = await rejection(
      logs.send(new CreateLogGroupCommand({ logGroupName: "dup-group" })),
    );
    expect(err).toBeInstanceOf(ResourceAlreadyExistsException);
    expect(err.message).toBe("The specified log group already exists");
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  it("refuses an invalid group name with InvalidParameterException", async () => {
    const err = await rejection(
      logs.send(new CreateLogGroupCommand({ logGroupName: "bad name!" })),
    );
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect(err.message).toContain("logGroupName");
  });

  it("filters by prefix or pattern, and pages with limit/nextToken", async () => {
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

  it("reports storedBytes from the events it holds", async () => {
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

  it("sets and removes retention, refusing values AWS refuses", async () => {
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

  it("deletes a group with its streams; a second delete is ResourceNotFoundException", async () => {
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

describe("log streams", () => {
  const group = "/aws/lambda/streams";

  beforeAll(async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const now = Date.now();
    // Streams named in one order, written in another, so the two orderings differ.
    const writes: [string, number][] = [
      ["2024/01/01/[$LATEST]c", now - 3000],
      ["2024/01/01/[$LATEST]a", now - 1000],
      ["2024/01/01/[$LATEST]b", now - 2000],
    ];
    for (const [name, ts] of writes) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }));
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: name,
          logEvents: [{ timestamp: ts, message: name }],
        }),
      );
    }
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "empty" }));
  });

  it("describes streams with AWS's fields", async () => {
    const out = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: group,
        logStreamNamePrefix: "2024/01/01/[$LATEST]a",
      }),
    );
    const s = out.logStreams?.[0];
    expect(s).toMatchObject({
      logStreamName: "2024/01/01/[$LATEST]a",
      arn: `arn:aws:logs:us-east-1:${engine.ctx.config.accountId}:log-group:${group}:log-stream:2024/01/01/[$LATEST]a`,
      storedBytes: 0,
    });
    expect(s?.firstEventTimestamp).toBe(s?.lastEventTimestamp);
    expect(s?.lastIngestionTime).toBeGreaterThan(0);
    expect(s?.creationTime).toBeGreaterThan(0);
  });

  it("orders by name or by last event time, ascending or descending", async () => {
    const names = async (input: {
      orderBy?: "LogStreamName" | "LastEventTime";
      descending?: boolean;
    }) =>
      (
        await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, ...input }))
      ).logStreams?.map((s) => s.logStreamName);
    expect(await names({})).toEqual([
      "2024/01/01/[$LATEST]a",
      "2024/01/01/[$LATEST]b",
      "2024/01/01/[$LATEST]c",
      "empty",
    ]);
    expect(await names({ descending: true })).toEqual([
      "empty",
      "2024/01/01/[$LATEST]c",
      "2024/01/01/[$LATEST]b",
      "2024/01/01/[$LATEST]a",
    ]);
    expect(await names({ orderBy: "LastEventTime", descending: true })).toEqual([
      "2024/01/01/[$LATEST]a",
      "2024/01/01/[$LATEST]b",
      "2024/01/01/[$LATEST]c",
      "empty",
    ]);
    expect(await names({ orderBy: "LastEventTime" })).toEqual([
      "empty",
      "2024/01/01/[$LATEST]c",
      "2024/01/01/[$LATEST]b",
      "2024/01/01/[$LATEST]a",
    ]);
  });

  it("pages with limit and nextToken in either order", async () => {
    for (const orderBy of ["LogStreamName", "LastEventTime"] as const) {
      const seen: string[] = [];
      let nextToken: string | undefined;
      do {
        const out = await logs.send(
          new DescribeLogStreamsCommand({
            logGroupName: group,
            orderBy,
            descending: true,
            limit: 1,
            nextToken,
          }),
        );
        expect(out.logStreams?.length).toBeLessThanOrEqual(1);
        seen.push(...(out.logStreams ?? []).map((s) => s.logStreamName ?? ""));
        nextToken = out.nextToken;
      } while (nextToken);
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
    }
  });

  it("accepts logGroupIdentifier as a name or an ARN", async () => {
    const arn = `arn:aws:logs:us-east-1:${engine.ctx.config.accountId}:log-group:${group}:*`;
    const out = await logs.send(
      new DescribeLogStreamsCommand({ logGroupIdentifier: arn, limit: 50 }),
    );
    expect(out.logStreams).toHaveLength(4);
    const both = await rejection(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logGroupIdentifier: group })),
    );
    expect(both).toBeInstanceOf(InvalidParameterException);
  });

  it("refuses a prefix with orderBy LastEventTime", async () => {
    const err = await rejection(
      logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: group,
          orderBy: "LastEventTime",
          logStreamNamePrefix: "2024",
        }),
      ),
    );
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect(err.message).toBe("Cannot order by LastEventTime with a logStreamNamePrefix.");
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  it("answers ResourceNotFoundException for a missing group", async () => {
    const err = await rejection(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: "missing-group" })),
    );
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toBe("The specified log group does not exist.");
  });

  it("creates, refuses duplicates, and deletes streams", async () => {
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "tmp" }));
    const dup = await rejection(
      logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "tmp" })),
    );
    expect(dup).toBeInstanceOf(ResourceAlreadyExistsException);
    expect(dup.message).toBe("The specified log stream already exists");
    const noGroup = await rejection(
      logs.send(new CreateLogStreamCommand({ logGroupName: "missing-group", logStreamName: "x" })),
    );
    expect(noGroup).toBeInstanceOf(ResourceNotFoundException);
    const badName = await rejection(
      logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "a:b" })),
    );
    expect(badName).toBeInstanceOf(InvalidParameterException);

    await logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "tmp" }));
    const gone = await rejection(
      logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "tmp" })),
    );
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe("The specified log stream does not exist.");
  });
});
