import { describe, expect } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  PublishVersionCommand,
  UpdateFunctionUrlConfigCommand,
} from "@aws-sdk/client-lambda";
import { ARN, createInput, failure, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;
const test = engineTest("urlcfg-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(new CreateFunctionCommand(createInput("web")));
  await settled(t.lambda, "web");
  await t.lambda.send(new PublishVersionCommand({ FunctionName: "web" }));
  await t.lambda.send(
    new CreateAliasCommand({ FunctionName: "web", Name: "live", FunctionVersion: "1" }),
  );
});

describe("function URL configurations", () => {
  test("CreateFunctionUrlConfig answers 201 with the URL on the engine's URL port", async () => {
    const c = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: "web",
        AuthType: "NONE",
        Cors: { AllowOrigins: ["https://example.com"], AllowMethods: ["GET"], MaxAge: 60 },
      }),
    );
    expect(c.$metadata.httpStatusCode).toBe(201);
    const port = t.engine.ctx.config.urlPort;
    expect(port).toBeGreaterThan(0);
    expect(c.FunctionUrl).toMatch(
      new RegExp(`^http://[a-z0-9]{32}\\.lambda-url\\.us-east-1\\.localhost:${port}/$`),
    );
    expect(c).toMatchObject({
      FunctionArn: ARN("web"),
      AuthType: "NONE",
      InvokeMode: "BUFFERED",
      Cors: { AllowOrigins: ["https://example.com"], AllowMethods: ["GET"], MaxAge: 60 },
    });
    expect(c.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  test("a second URL for the same function is a ResourceConflict", async () => {
    const e = await failure(
      t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: "web", AuthType: "NONE" })),
    );
    expect(e).toMatchObject({
      name: "ResourceConflictException",
      status: 409,
      message: `Failed to create function url config for [functionArn = ${ARN("web")}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    });
  });

  test("validates AuthType, InvokeMode, Cors and the qualifier", async () => {
    const noAuth = await failure(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: "web", Qualifier: "live" } as never),
      ),
    );
    expect(noAuth).toMatchObject({
      name: "ValidationException",
      message:
        "1 validation error detected: Value null at 'authType' failed to satisfy constraint: Member must not be null",
    });
    const badMode = await failure(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: "web",
          Qualifier: "live",
          AuthType: "NONE",
          InvokeMode: "SOMETIMES" as never,
        }),
      ),
    );
    expect(badMode.message).toContain(
      "Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]",
    );
    const version = await failure(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: "web",
          Qualifier: "1",
          AuthType: "NONE",
        }),
      ),
    );
    expect(version.name).toBe("ValidationException");
    const maxAge = await failure(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: "web",
          Qualifier: "live",
          AuthType: "NONE",
          Cors: { MaxAge: 90000 },
        }),
      ),
    );
    expect(maxAge.message).toContain("Member must have value less than or equal to 86400");
    const noAlias = await failure(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: "web",
          Qualifier: "gone",
          AuthType: "NONE",
        }),
      ),
    );
    expect(noAlias).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
    const noFunction = await failure(
      t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: "nope", AuthType: "NONE" })),
    );
    expect(noFunction).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
  });

  test("Get, Update, List (paginated) and Delete", async () => {
    const alias = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: "web",
        Qualifier: "live",
        AuthType: "AWS_IAM",
        InvokeMode: "RESPONSE_STREAM",
      }),
    );
    expect(alias.FunctionArn).toBe(`${ARN("web")}:live`);
    const got = await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "web" }));
    expect(got.LastModifiedTime).toBeDefined();
    const updated = await t.lambda.send(
      new UpdateFunctionUrlConfigCommand({ FunctionName: "web", AuthType: "AWS_IAM", Cors: {} }),
    );
    expect(updated).toMatchObject({ AuthType: "AWS_IAM", FunctionUrl: got.FunctionUrl, Cors: {} });
    const page1 = await t.lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: "web", MaxItems: 1 }),
    );
    expect(page1.FunctionUrlConfigs).toHaveLength(1);
    expect(page1.NextMarker).toBeDefined();
    const page2 = await t.lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: "web", Marker: page1.NextMarker }),
    );
    expect(page2.FunctionUrlConfigs).toHaveLength(1);
    expect(page2.NextMarker).toBeUndefined();
    const arns = [...(page1.FunctionUrlConfigs ?? []), ...(page2.FunctionUrlConfigs ?? [])].map(
      (c) => c.FunctionArn,
    );
    expect(arns.sort()).toEqual([ARN("web"), `${ARN("web")}:live`]);
    await t.lambda.send(
      new DeleteFunctionUrlConfigCommand({ FunctionName: "web", Qualifier: "live" }),
    );
    const gone = await failure(
      t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "web", Qualifier: "live" })),
    );
    expect(gone).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource you requested does not exist.",
    });
    const again = await failure(
      t.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: "web", Qualifier: "live" })),
    );
    expect(again.name).toBe("ResourceNotFoundException");
    const noUpdate = await failure(
      t.lambda.send(
        new UpdateFunctionUrlConfigCommand({
          FunctionName: "web",
          Qualifier: "live",
          AuthType: "NONE",
        }),
      ),
    );
    expect(noUpdate.name).toBe("ResourceNotFoundException");
  });

  test("deleting an alias deletes its URL: a new alias of that name starts without one", async () => {
    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: "web", Name: "tmp", FunctionVersion: "1" }),
    );
    await t.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: "web",
        Qualifier: "tmp",
        AuthType: "NONE",
      }),
    );
    await t.lambda.send(new DeleteAliasCommand({ FunctionName: "web", Name: "tmp" }));
    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: "web", Name: "tmp", FunctionVersion: "1" }),
    );
    const e = await failure(
      t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "web", Qualifier: "tmp" })),
    );
    expect(e).toMatchObject({
      name: "ResourceNotFoundException",
      message: "The resource you requested does not exist.",
    });
  });
});
