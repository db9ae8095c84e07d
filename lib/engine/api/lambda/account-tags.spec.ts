import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAccountSettingsCommand,
  GetAliasCommand,
  InvokeCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  PublishVersionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import { ARN, createInput as base, failure, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;
const codeReturning = (v: number) =>
  makeZip({ "index.mjs": `export const handler = async () => ({ v: ${v} });\n` });

/** "ver": versions 1 and 2 (returning { v }), alias "live" → 2 with half the traffic on 1. */
const test = engineTest("lambda-account-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(
    new CreateFunctionCommand(
      base("ver", { Code: { ZipFile: codeReturning(1) }, Tags: { a: "1" } }),
    ),
  );
  await settled(t.lambda, "ver");
  await t.lambda.send(new PublishVersionCommand({ FunctionName: "ver" }));
  await t.lambda.send(
    new UpdateFunctionCodeCommand({ FunctionName: "ver", ZipFile: codeReturning(2) }),
  );
  await settled(t.lambda, "ver");
  await t.lambda.send(new PublishVersionCommand({ FunctionName: "ver" }));
  await settled(t.lambda, "ver", "2");
  await t.lambda.send(
    new CreateAliasCommand({
      FunctionName: "ver",
      Name: "live",
      FunctionVersion: "2",
      RoutingConfig: { AdditionalVersionWeights: { "1": 0.5 } },
    }),
  );
});

describe("tags and account settings", () => {
  test("tags the function ARN", async () => {
    await t.lambda.send(new TagResourceCommand({ Resource: ARN("ver"), Tags: { b: "2", c: "3" } }));
    expect((await t.lambda.send(new ListTagsCommand({ Resource: ARN("ver") }))).Tags).toEqual({
      a: "1",
      b: "2",
      c: "3",
    });
    await t.lambda.send(new UntagResourceCommand({ Resource: ARN("ver"), TagKeys: ["a", "c"] }));
    expect((await t.lambda.send(new ListTagsCommand({ Resource: ARN("ver") }))).Tags).toEqual({
      b: "2",
    });
    const e = await failure(t.lambda.send(new ListTagsCommand({ Resource: ARN("missing") })));
    expect(e).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${ARN("missing")}`,
    });
  });

  test("GetAccountSettings reports limits and usage", async () => {
    const s = await t.lambda.send(new GetAccountSettingsCommand({}));
    expect(s.AccountLimit).toEqual({
      TotalCodeSize: 80530636800,
      CodeSizeUnzipped: 262144000,
      CodeSizeZipped: 52428800,
      ConcurrentExecutions: 1000,
      UnreservedConcurrentExecutions: 1000,
    });
    expect(s.AccountUsage?.FunctionCount).toBe(1);
    expect(s.AccountUsage?.TotalCodeSize).toBeGreaterThan(0);
  });
});

describe("many functions", () => {
  test("paginates 120 functions in pages of at most 50, and survives a restart", async () => {
    for (let i = 0; i < 120; i++) {
      await t.lambda.send(new CreateFunctionCommand(base(`many-${String(i).padStart(3, "0")}`)));
    }
    const sizes: number[] = [];
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await t.lambda.send(
        new ListFunctionsCommand({ Marker: marker, MaxItems: 1000 }),
      );
      sizes.push(page.Functions?.length ?? 0);
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName ?? ""));
      marker = page.NextMarker;
    } while (marker);
    expect(sizes).toEqual([50, 50, 21]);
    expect(new Set(names).size).toBe(121);

    await t.restart();
    const after = await t.lambda.send(new ListFunctionsCommand({ MaxItems: 50 }));
    expect(after.Functions).toHaveLength(50);
    const alias = await t.lambda.send(new GetAliasCommand({ FunctionName: "ver", Name: "live" }));
    expect(alias.RoutingConfig?.AdditionalVersionWeights).toEqual({ "1": 0.5 });
    const r = await t.lambda.send(new InvokeCommand({ FunctionName: "ver:2" }));
    expect(JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString())).toEqual({ v: 2 });
  }, 60_000);

  test("the aws CLI lists them too", async () => {
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: "test",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: t.engine.ctx.config.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.engine.ctx.config.secretAccessKey,
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1", // the v1 CLI reads only this one
      AWS_PAGER: "",
    };
    const args = [
      "lambda",
      "list-functions",
      "--max-items",
      "5",
      "--endpoint-url",
      t.engine.endpoint,
      "--output",
      "json",
    ];
    const { stdout } = await promisify(execFile)("aws", args, { env });
    const out = JSON.parse(stdout) as { Functions: { FunctionName: string }[] };
    expect(out.Functions.map((f) => f.FunctionName)).toEqual([
      "many-000",
      "many-001",
      "many-002",
      "many-003",
      "many-004",
    ]);
  }, 60_000);
});
