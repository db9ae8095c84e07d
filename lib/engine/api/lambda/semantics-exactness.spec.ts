import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  ListTagsCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-lambda";
import { ARN, createInput, failure, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine("lambda-exact-semantics-");
  for (const name of ["del", "tags", "pc"]) {
    await t.lambda.send(new CreateFunctionCommand(createInput(name)));
    await settled(t.lambda, name);
  }
  await t.lambda.send(new PublishVersionCommand({ FunctionName: "del" }));
  await t.lambda.send(new PublishVersionCommand({ FunctionName: "pc" }));
  await settled(t.lambda, "pc", "1");
});
afterAll(async () => {
  await t?.close();
});

const TAG = "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)";

describe("deletes are idempotent where AWS's are", () => {
  it("DeleteFunction of a version that is not there answers 204, also twice", async () => {
    const missing = await t.lambda.send(
      new DeleteFunctionCommand({ FunctionName: "del", Qualifier: "7" }),
    );
    expect(missing.$metadata.httpStatusCode).toBe(204);
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: "del", Qualifier: "1" }));
    const again = await t.lambda.send(
      new DeleteFunctionCommand({ FunctionName: "del", Qualifier: "1" }),
    );
    expect(again.$metadata.httpStatusCode).toBe(204);
    // The function itself is still there; a missing function is still 404.
    await settled(t.lambda, "del");
    const gone = await failure(
      t.lambda.send(new DeleteFunctionCommand({ FunctionName: "nope", Qualifier: "1" })),
    );
    expect(gone).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${ARN("nope")}`,
    });
  });

  it("DeleteFunction with an alias qualifier is refused", async () => {
    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: "pc", Name: "live", FunctionVersion: "1" }),
    );
    const e = await failure(
      t.lambda.send(new DeleteFunctionCommand({ FunctionName: "pc", Qualifier: "live" })),
    );
    expect(e).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "Deletion of aliases is not currently supported.",
    });
  });

  it("DeleteProvisionedConcurrencyConfig of a version without one answers 204", async () => {
    const r = await t.lambda.send(
      new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: "pc", Qualifier: "1" }),
    );
    expect(r.$metadata.httpStatusCode).toBe(204);
  });
});

describe("tag limits", () => {
  const tag = (Tags: Record<string, string>) =>
    failure(t.lambda.send(new TagResourceCommand({ Resource: ARN("tags"), Tags })));

  it("at most 50 tags on a function", async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await t.lambda.send(new TagResourceCommand({ Resource: ARN("tags"), Tags: fifty }));
    expect(await tag({ one: "more" })).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "Number of tags exceeds resource tag limit.",
    });
    await t.lambda.send(
      new UntagResourceCommand({ Resource: ARN("tags"), TagKeys: Object.keys(fifty) }),
    );
  });

  it("key and value lengths and characters, as the model constrains them", async () => {
    const long = "k".repeat(129);
    expect(await tag({ [long]: "v" })).toEqual({
      name: "ValidationException",
      status: 400,
      message: `1 validation error detected: Value '{${long}=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${TAG}]`,
    });
    const e = await tag({ ok: "semi;colon" });
    expect(e.message).toBe(
      `1 validation error detected: Value '{ok=semi;colon}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: ${TAG}]`,
    );
    // Unicode letters and spaces are allowed, as the pattern's \p{L} and \p{Z} say.
    await t.lambda.send(
      new TagResourceCommand({ Resource: ARN("tags"), Tags: { "équipe paris": "données" } }),
    );
  });

  it("aws: keys are refused, on TagResource and CreateFunction", async () => {
    expect(await tag({ "AWS:team": "x" })).toMatchObject({
      name: "InvalidParameterValueException",
      status: 400,
    });
    const created = await failure(
      t.lambda.send(new CreateFunctionCommand(createInput("aws-tag", { Tags: { "aws:x": "1" } }))),
    );
    expect(created.name).toBe("InvalidParameterValueException");
  });

  it("UntagResource without keys and TagResource without tags are refused", async () => {
    const untag = await failure(
      t.lambda.send(new UntagResourceCommand({ Resource: ARN("tags"), TagKeys: [] })),
    );
    expect(untag).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    });
    const notags = await failure(
      t.lambda.send(new TagResourceCommand({ Resource: ARN("tags"), Tags: undefined })),
    );
    expect(notags.message).toBe(
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
    );
    const left = await t.lambda.send(new ListTagsCommand({ Resource: ARN("tags") }));
    expect(left.Tags).toEqual({ "équipe paris": "données" });
  });
});

describe("provisioned configs that take all of the reserved concurrency", () => {
  it("throttle $LATEST, while the provisioned version runs", async () => {
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: "pc", ReservedConcurrentExecutions: 1 }),
    );
    const before = await t.lambda.send(new InvokeCommand({ FunctionName: "pc" }));
    expect(before.StatusCode).toBe(200);
    await t.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: "pc",
        Qualifier: "1",
        ProvisionedConcurrentExecutions: 1,
      }),
    );
    await expect
      .poll(
        async () =>
          (
            await t.lambda.send(
              new GetProvisionedConcurrencyConfigCommand({ FunctionName: "pc", Qualifier: "1" }),
            )
          ).Status,
        { timeout: 30_000, interval: 100 },
      )
      .toBe("READY");
    const latest = await failure(t.lambda.send(new InvokeCommand({ FunctionName: "pc" })));
    expect(latest).toEqual({
      name: "TooManyRequestsException",
      status: 429,
      message: "Rate Exceeded.",
    });
    const v1 = await t.lambda.send(new InvokeCommand({ FunctionName: "pc", Qualifier: "1" }));
    expect(v1.StatusCode).toBe(200);
    await t.lambda.send(
      new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: "pc", Qualifier: "1" }),
    );
    const after = await t.lambda.send(new InvokeCommand({ FunctionName: "pc" }));
    expect(after.StatusCode).toBe(200);
  }, 60_000);
});
