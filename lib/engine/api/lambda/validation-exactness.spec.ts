import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetProvisionedConcurrencyConfigCommand,
  GetFunctionCommand,
  GetFunctionRecursionConfigCommand,
  InvokeCommand,
  LambdaClient,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import { createInput, failure, startTestEngine, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineClientConfig } from "@/test/support/client-config";

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine("lambda-exact-validation-");
  await t.lambda.send(new CreateFunctionCommand(createInput("exact")));
  await settled(t.lambda, "exact");
});
afterAll(async () => {
  await t?.close();
});

// The current service model's patterns, as AWS quotes them.
const NAME =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
const QUALIFIER = "\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+";

const invalid = (message: string) => ({ name: "ValidationException", status: 400, message });
const create = (extra: Partial<CreateFunctionCommandInput>) =>
  failure(t.lambda.send(new CreateFunctionCommand(createInput("never-made", extra))));

describe("several violations are reported together, as AWS does", () => {
  it("name, timeout and memory in one ValidationException", async () => {
    expect(await create({ FunctionName: "bad name!", Timeout: 0, MemorySize: 64 })).toEqual(
      invalid(
        `3 validation errors detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME}; ` +
          "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
          "Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
      ),
    );
  });

  it("a name over the length and off the pattern gets both, length first", async () => {
    const name = `${"a".repeat(140)}!`;
    expect(await create({ FunctionName: name })).toEqual(
      invalid(
        `2 validation errors detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140; ` +
          `Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME}`,
      ),
    );
  });

  it("missing Role and Code are both named", async () => {
    const e = await failure(
      t.lambda.send(
        new CreateFunctionCommand({
          FunctionName: "no-role",
          Runtime: "nodejs20.x",
          Handler: "index.handler",
        } as CreateFunctionCommandInput),
      ),
    );
    expect(e).toEqual(
      invalid(
        "2 validation errors detected: Value null at 'role' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'code' failed to satisfy constraint: Member must not be null",
      ),
    );
  });

  it("bad handler, description and ephemeral storage together", async () => {
    const e = await create({
      Handler: "has space",
      Description: "d".repeat(257),
      EphemeralStorage: { Size: 20000 },
    });
    expect(e).toEqual(
      invalid(
        "3 validation errors detected: Value 'has space' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+; " +
          `Value '${"d".repeat(257)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256; ` +
          "Value '20000' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value less than or equal to 10240",
      ),
    );
  });
});

describe("UpdateFunctionConfiguration validates before it looks the function up", () => {
  it("name and field violations together, even for a function that does not exist", async () => {
    const e = await failure(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: "no such!", MemorySize: 1 }),
      ),
    );
    expect(e).toEqual(
      invalid(
        `2 validation errors detected: Value 'no such!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME}; ` +
          "Value '1' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
      ),
    );
    const missing = await failure(
      t.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "ghost", Timeout: 0 })),
    );
    expect(missing.name).toBe("ValidationException");
  });

  it("UpdateFunctionCode: name and architectures together", async () => {
    const e = await failure(
      t.lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: "no such!",
          ZipFile: new Uint8Array([1]),
          Architectures: ["x86_64", "arm64"],
        }),
      ),
    );
    expect(e.message).toMatch(
      /^2 validation errors detected: Value 'no such!' at 'functionName' .*; Value '\[x86_64, arm64\]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1$/,
    );
  });
});

describe("architectures, as AWS words a list's constraints", () => {
  it("an unknown architecture", async () => {
    expect(await create({ Architectures: ["x86" as "x86_64"] })).toEqual(
      invalid(
        "1 validation error detected: Value '[x86]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
      ),
    );
  });
  it("two architectures", async () => {
    expect(await create({ Architectures: ["x86_64", "arm64"] })).toEqual(
      invalid(
        "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1",
      ),
    );
  });
});

describe("names and qualifiers are checked against the operation's own shape", () => {
  it("a qualifier off the pattern quotes the current model's qualifier pattern", async () => {
    const e = await failure(
      t.lambda.send(new GetFunctionCommand({ FunctionName: "exact", Qualifier: "no!" })),
    );
    expect(e).toEqual(
      invalid(
        `1 validation error detected: Value 'no!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER}`,
      ),
    );
  });

  it("name and qualifier violations come together", async () => {
    const e = await failure(
      t.lambda.send(new GetFunctionCommand({ FunctionName: "a b", Qualifier: "no!" })),
    );
    expect(e.message).toMatch(/^2 validation errors detected: Value 'a b' at 'functionName'/);
    expect(e.message).toContain("; Value 'no!' at 'qualifier'");
  });

  it("GetFunction takes a dotted (namespaced) name; UpdateFunctionConfiguration does not", async () => {
    const get = await failure(t.lambda.send(new GetFunctionCommand({ FunctionName: "a.b" })));
    expect(get).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
    const update = await failure(
      t.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "a.b", Timeout: 5 })),
    );
    expect(update).toEqual(
      invalid(
        `1 validation error detected: Value 'a.b' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME}`,
      ),
    );
  });
});

describe("each operation quotes its own shapes' patterns", () => {
  it("provisioned concurrency takes the model's Qualifier shape", async () => {
    const e = await failure(
      t.lambda.send(
        new GetProvisionedConcurrencyConfigCommand({ FunctionName: "exact", Qualifier: "no!" }),
      ),
    );
    expect(e).toEqual(
      invalid(
        "1 validation error detected: Value 'no!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)",
      ),
    );
  });

  it("CreateAlias's FunctionVersion quotes VersionWithLatestPublished", async () => {
    const e = await failure(
      t.lambda.send(
        new CreateAliasCommand({ FunctionName: "exact", Name: "live", FunctionVersion: "v1" }),
      ),
    );
    expect(e).toEqual(
      invalid(
        "1 validation error detected: Value 'v1' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\$LATEST(\\.PUBLISHED)?|[0-9]+)",
      ),
    );
  });
});

describe("operations on the unqualified function", () => {
  it("GetFunctionRecursionConfig refuses a qualified name with the UnqualifiedFunctionName pattern", async () => {
    const e = await failure(
      t.lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: "exact:1" })),
    );
    expect(e).toEqual(
      invalid(
        "1 validation error detected: Value 'exact:1' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)",
      ),
    );
  });
});

describe("ARNs of another region", () => {
  it("are refused with AWS's error, and the same ARN in this region is served", async () => {
    const e = await failure(
      t.lambda.send(
        new GetFunctionCommand({
          FunctionName: "arn:aws:lambda:eu-west-1:000000000000:function:exact",
        }),
      ),
    );
    expect(e).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    });
    const ok = await t.lambda.send(
      new GetFunctionCommand({
        FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:exact",
      }),
    );
    expect(ok.Configuration?.FunctionName).toBe("exact");
  });

  it("Invoke refuses them too, and runs nothing", async () => {
    const e = await failure(
      t.lambda.send(
        new InvokeCommand({ FunctionName: "arn:aws:lambda:eu-west-1:000000000000:function:exact" }),
      ),
    );
    expect(e).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    });
  });

  it("a client signing for another region is answered for that region", async () => {
    const west = new LambdaClient({ ...engineClientConfig(t.engine), region: "eu-west-1" });
    try {
      const e = await failure(
        west.send(
          new GetFunctionCommand({ FunctionName: "us-east-1:000000000000:function:exact" }),
        ),
      );
      expect(e.message).toBe(
        "Functions from 'us-east-1' are not reachable in this region ('eu-west-1')",
      );
    } finally {
      west.destroy();
    }
  });
});

describe("ARNs of another account", () => {
  const denied = (action: string, resource: string) => ({
    name: "AccessDeniedException",
    status: 403,
    message: `User: arn:aws:iam::000000000000:root is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`,
  });

  it("are refused as AWS refuses a caller the other account has not allowed", async () => {
    const other = "arn:aws:lambda:us-east-1:111111111111:function:exact";
    expect(await failure(t.lambda.send(new GetFunctionCommand({ FunctionName: other })))).toEqual(
      denied("lambda:GetFunction", other),
    );
    expect(
      await failure(
        t.lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: "111111111111:function:exact",
            Description: "not mine",
          }),
        ),
      ),
    ).toEqual(denied("lambda:UpdateFunctionConfiguration", other));
    expect(
      await failure(t.lambda.send(new TagResourceCommand({ Resource: other, Tags: { a: "b" } }))),
    ).toEqual(denied("lambda:TagResource", other));
    // Nothing reached this account's function of the same name.
    const mine = await t.lambda.send(new GetFunctionCommand({ FunctionName: "exact" }));
    expect(mine.Configuration?.Description ?? "").not.toBe("not mine");
    expect(mine.Tags?.a).toBeUndefined();
  });

  it("Invoke runs nothing, and this account's ARN still invokes", async () => {
    const other = "arn:aws:lambda:us-east-1:111111111111:function:exact:1";
    expect(await failure(t.lambda.send(new InvokeCommand({ FunctionName: other })))).toEqual(
      denied("lambda:InvokeFunction", other),
    );
    const ok = await t.lambda.send(
      new InvokeCommand({ FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:exact" }),
    );
    expect(ok.StatusCode).toBe(200);
  });
});
