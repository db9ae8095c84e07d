import { describe, expect } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  waitUntilPublishedVersionActive,
} from "@aws-sdk/client-lambda";
import { ARN, createInput as base, failure, makeZip, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;
const codeReturning = (v: number) =>
  makeZip({ "index.mjs": `export const handler = async () => ({ v: ${v} });\n` });

const test = engineTest("lambda-versions-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(
    new CreateFunctionCommand(
      base("ver", { Code: { ZipFile: codeReturning(1) }, Tags: { a: "1" } }),
    ),
  );
  await settled(t.lambda, "ver");
});

describe("versions", () => {
  test("publishes, returns the same version when nothing changed, lists them", async () => {
    const v1 = await t.lambda.send(
      new PublishVersionCommand({ FunctionName: "ver", Description: "first" }),
    );
    expect(v1.$metadata.httpStatusCode).toBe(201);
    expect(v1).toMatchObject({
      Version: "1",
      FunctionArn: `${ARN("ver")}:1`,
      Description: "first",
    });
    await waitUntilPublishedVersionActive(
      { client: t.lambda, maxWaitTime: 10 },
      { FunctionName: "ver", Qualifier: "1" },
    );
    const again = await t.lambda.send(new PublishVersionCommand({ FunctionName: "ver" }));
    expect(again.Version).toBe("1");

    const bad = await failure(
      t.lambda.send(new PublishVersionCommand({ FunctionName: "ver", CodeSha256: "nope" })),
    );
    expect(bad.name).toBe("InvalidParameterValueException");
    const stale = await failure(
      t.lambda.send(new PublishVersionCommand({ FunctionName: "ver", RevisionId: "stale" })),
    );
    expect(stale.status).toBe(412);

    await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: "ver", ZipFile: codeReturning(2) }),
    );
    await settled(t.lambda, "ver");
    const v2 = await t.lambda.send(new PublishVersionCommand({ FunctionName: "ver" }));
    expect(v2.Version).toBe("2");
    await settled(t.lambda, "ver", "2");
    const v3 = await t.lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: "ver",
        ZipFile: codeReturning(3),
        Publish: true,
      }),
    );
    expect(v3.Version).toBe("3");
    await settled(t.lambda, "ver");

    const list = await t.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "ver" }));
    expect(list.Versions?.map((v) => [v.Version, v.FunctionArn])).toEqual([
      ["$LATEST", `${ARN("ver")}:$LATEST`],
      ["1", `${ARN("ver")}:1`],
      ["2", `${ARN("ver")}:2`],
      ["3", `${ARN("ver")}:3`],
    ]);
    const page = await t.lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: "ver", MaxItems: 3 }),
    );
    expect(page.Versions).toHaveLength(3);
    const rest = await t.lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: "ver", Marker: page.NextMarker }),
    );
    expect(rest.Versions?.map((v) => v.Version)).toEqual(["3"]);
    expect(rest.NextMarker).toBeUndefined();

    const one = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: `${ARN("ver")}:1` }),
    );
    expect(one.CodeSha256).toBe(v1.CodeSha256);
    expect(one.CodeSha256).not.toBe(v3.CodeSha256);
  });

  test("ListFunctions FunctionVersion=ALL includes published versions", async () => {
    const all = await t.lambda.send(new ListFunctionsCommand({ FunctionVersion: "ALL" }));
    expect(all.Functions?.filter((f) => f.FunctionName === "ver").map((f) => f.Version)).toEqual([
      "$LATEST",
      "1",
      "2",
      "3",
    ]);
    const latest = await t.lambda.send(new ListFunctionsCommand({}));
    expect(latest.Functions?.filter((f) => f.FunctionName === "ver").map((f) => f.Version)).toEqual(
      ["$LATEST"],
    );
  });
});

describe("aliases", () => {
  test("creates, reads, updates, lists and deletes", async () => {
    const a = await t.lambda.send(
      new CreateAliasCommand({
        FunctionName: "ver",
        Name: "live",
        FunctionVersion: "1",
        Description: "prod",
      }),
    );
    expect(a.$metadata.httpStatusCode).toBe(201);
    expect(a).toMatchObject({
      AliasArn: `${ARN("ver")}:live`,
      Name: "live",
      FunctionVersion: "1",
      Description: "prod",
    });
    const dup = await failure(
      t.lambda.send(
        new CreateAliasCommand({ FunctionName: "ver", Name: "live", FunctionVersion: "1" }),
      ),
    );
    expect(dup).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: `Alias already exists: ${ARN("ver")}:live`,
    });

    const got = await t.lambda.send(new GetAliasCommand({ FunctionName: "ver", Name: "live" }));
    expect(got.RevisionId).toBe(a.RevisionId);
    const viaAlias = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "ver", Qualifier: "live" }),
    );
    expect(viaAlias.Version).toBe("1");

    const stale = await failure(
      t.lambda.send(
        new UpdateAliasCommand({
          FunctionName: "ver",
          Name: "live",
          FunctionVersion: "2",
          RevisionId: "stale",
        }),
      ),
    );
    expect(stale).toEqual({
      name: "PreconditionFailedException",
      status: 412,
      message:
        "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    });
    const up = await t.lambda.send(
      new UpdateAliasCommand({
        FunctionName: "ver",
        Name: "live",
        FunctionVersion: "2",
        RoutingConfig: { AdditionalVersionWeights: { "1": 0.5 } },
        RevisionId: a.RevisionId,
      }),
    );
    expect(up).toMatchObject({
      FunctionVersion: "2",
      RoutingConfig: { AdditionalVersionWeights: { "1": 0.5 } },
    });
    expect(up.RevisionId).not.toBe(a.RevisionId);

    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: "ver", Name: "edge", FunctionVersion: "$LATEST" }),
    );
    const list = await t.lambda.send(new ListAliasesCommand({ FunctionName: "ver" }));
    expect(list.Aliases?.map((x) => x.Name)).toEqual(["edge", "live"]);
    const byVersion = await t.lambda.send(
      new ListAliasesCommand({ FunctionName: "ver", FunctionVersion: "2" }),
    );
    expect(byVersion.Aliases?.map((x) => x.Name)).toEqual(["live"]);

    await t.lambda.send(new DeleteAliasCommand({ FunctionName: "ver", Name: "edge" }));
    const gone = await failure(
      t.lambda.send(new GetAliasCommand({ FunctionName: "ver", Name: "edge" })),
    );
    expect(gone).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Alias not found: ${ARN("ver")}:edge`,
    });
    const unknownQ = await failure(
      t.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: "ver", Qualifier: "edge" }),
      ),
    );
    expect(unknownQ.message).toBe(`Function not found: ${ARN("ver")}:edge`);
  });

  test("validates routing and versions", async () => {
    const cases: [Record<string, number>, string, string, string][] = [
      [
        { "1": 1.5 },
        "2",
        "ValidationException",
        "1 validation error detected: Value '{1=1.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]",
      ],
      [
        { "1": 0.2 },
        "$LATEST",
        "InvalidParameterValueException",
        "$LATEST is not supported for an alias pointing to more than 1 version",
      ],
      [{ "9": 0.2 }, "2", "ResourceNotFoundException", `Function not found: ${ARN("ver")}:9`],
    ];
    for (const [weights, primary, name, message] of cases) {
      const e = await failure(
        t.lambda.send(
          new CreateAliasCommand({
            FunctionName: "ver",
            Name: "bad",
            FunctionVersion: primary,
            RoutingConfig: { AdditionalVersionWeights: weights },
          }),
        ),
      );
      expect({ name: e.name, message: e.message }).toEqual({ name, message });
    }
    const noVersion = await failure(
      t.lambda.send(
        new CreateAliasCommand({ FunctionName: "ver", Name: "bad", FunctionVersion: "42" }),
      ),
    );
    expect(noVersion).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${ARN("ver")}:42`,
    });
    const numeric = await failure(
      t.lambda.send(
        new CreateAliasCommand({ FunctionName: "ver", Name: "123", FunctionVersion: "1" }),
      ),
    );
    expect(numeric.name).toBe("ValidationException");
  });

  test("a version an alias points to cannot be deleted; others can", async () => {
    const e = await failure(
      t.lambda.send(new DeleteFunctionCommand({ FunctionName: "ver", Qualifier: "1" })),
    );
    expect(e).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: "Unable to delete version because the following aliases reference it: [live]",
    });
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: "ver", Qualifier: "3" }));
    const v = await t.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "ver" }));
    expect(v.Versions?.map((x) => x.Version)).toEqual(["$LATEST", "1", "2"]);
    const gone = await failure(
      t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "ver:3" })),
    );
    expect(gone.status).toBe(404);
  });

  test("a weighted alias really splits invocations (X-Amz-Executed-Version)", async () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const r = await t.lambda.send(
        new InvokeCommand({ FunctionName: "ver", Qualifier: "live", Payload: Buffer.from("{}") }),
      );
      expect(r.FunctionError).toBeUndefined();
      const body = JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString()) as {
        v: number;
      };
      expect(String(body.v)).toBe(r.ExecutedVersion);
      counts[r.ExecutedVersion ?? "?"] = (counts[r.ExecutedVersion ?? "?"] ?? 0) + 1;
    }
    console.log(`[spec] weighted alias split over 200 invokes: ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).sort()).toEqual(["1", "2"]);
    for (const n of Object.values(counts)) {
      expect(n).toBeGreaterThanOrEqual(70);
      expect(n).toBeLessThanOrEqual(130);
    }
  }, 120_000);
});
