import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  TagResourceCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { ARN, createInput, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine("lambda-exact-shapes-");
});
afterAll(async () => {
  await t?.close();
});

const RUNTIME_VERSION_ARN = /^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/;
// Fields AWS leaves out of ListFunctions / ListVersionsByFunction (GetFunction has them).
const NOT_LISTED = [
  "State",
  "StateReason",
  "StateReasonCode",
  "LastUpdateStatus",
  "LastUpdateStatusReason",
  "LastUpdateStatusReasonCode",
  "RuntimeVersionConfig",
];

describe("function configurations carry what AWS returns", () => {
  it("RuntimeVersionConfig with a runtime version ARN of this region", async () => {
    const created = await t.lambda.send(new CreateFunctionCommand(createInput("rv")));
    expect(created.RuntimeVersionConfig?.RuntimeVersionArn).toMatch(RUNTIME_VERSION_ARN);
    const c = await settled(t.lambda, "rv");
    expect(c.RuntimeVersionConfig?.RuntimeVersionArn).toBe(
      created.RuntimeVersionConfig?.RuntimeVersionArn,
    );
  });

  it("an empty Environment.Variables is echoed as {}", async () => {
    const created = await t.lambda.send(
      new CreateFunctionCommand(createInput("env-empty", { Environment: { Variables: {} } })),
    );
    expect(created.Environment).toEqual({ Variables: {} });
    await settled(t.lambda, "env-empty");
    const cleared = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: "env-empty",
        Environment: { Variables: {} },
      }),
    );
    expect(cleared.Environment).toEqual({ Variables: {} });
    expect((await settled(t.lambda, "env-empty")).Environment).toEqual({ Variables: {} });
  });

  it("ListFunctions and ListVersionsByFunction leave out the state fields", async () => {
    await settled(t.lambda, "rv");
    const listed = await t.lambda.send(new ListFunctionsCommand({}));
    const rv = listed.Functions?.find((f) => f.FunctionName === "rv");
    expect(rv?.FunctionArn).toBe(ARN("rv"));
    for (const field of NOT_LISTED) expect(rv).not.toHaveProperty(field);
    const versions = await t.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "rv" }));
    expect(versions.Versions?.length).toBe(1);
    for (const field of NOT_LISTED) expect(versions.Versions?.[0]).not.toHaveProperty(field);
    const got = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "rv" }));
    expect(got.State).toBe("Active");
    expect(got.LastUpdateStatus).toBe("Successful");
  });
});

describe("versions", () => {
  it("CreateFunction with Publish returns version 1 under the unqualified ARN", async () => {
    const created = await t.lambda.send(
      new CreateFunctionCommand(createInput("pub", { Publish: true })),
    );
    expect(created.Version).toBe("1");
    expect(created.FunctionArn).toBe(ARN("pub"));
    const v1 = await settled(t.lambda, "pub", "1");
    expect(v1.FunctionArn).toBe(`${ARN("pub")}:1`);
  });

  it("PublishVersion after a configuration change publishes the new configuration", async () => {
    await t.lambda.send(new CreateFunctionCommand(createInput("repub", { Timeout: 3 })));
    await settled(t.lambda, "repub");
    const v1 = await t.lambda.send(new PublishVersionCommand({ FunctionName: "repub" }));
    expect(v1.Version).toBe("1");
    const again = await t.lambda.send(new PublishVersionCommand({ FunctionName: "repub" }));
    expect(again.Version).toBe("1"); // nothing changed: AWS hands back the last version
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "repub", Description: "second" }),
    );
    await settled(t.lambda, "repub");
    const v2 = await t.lambda.send(new PublishVersionCommand({ FunctionName: "repub" }));
    expect(v2).toMatchObject({ Version: "2", Description: "second" });
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "repub", Timeout: 9 }),
    );
    await settled(t.lambda, "repub");
    const v3 = await t.lambda.send(new PublishVersionCommand({ FunctionName: "repub" }));
    expect(v3).toMatchObject({ Version: "3", Timeout: 9 });
  });

  it("TagResource and PublishVersion give $LATEST a new RevisionId", async () => {
    await t.lambda.send(new CreateFunctionCommand(createInput("rev")));
    const before = (await settled(t.lambda, "rev")).RevisionId;
    await t.lambda.send(new TagResourceCommand({ Resource: ARN("rev"), Tags: { team: "a" } }));
    const tagged = (await settled(t.lambda, "rev")).RevisionId;
    expect(tagged).not.toBe(before);
    await t.lambda.send(new PublishVersionCommand({ FunctionName: "rev" }));
    const published = (await settled(t.lambda, "rev")).RevisionId;
    expect(published).not.toBe(tagged);
  });
});
