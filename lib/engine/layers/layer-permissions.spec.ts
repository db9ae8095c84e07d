import { describe, expect } from "vitest";
import {
  AddLayerVersionPermissionCommand,
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  RemoveLayerVersionPermissionCommand,
} from "@aws-sdk/client-lambda";
import { createInput, failure, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";
import { LAYER_ARN_PREFIX as PREFIX, LAYER_ZIP as ZIP, publishLayer } from "@/test/support/layers";

let t: TestEngine;
const test = engineTest("layer-permissions-");
test.beforeAll(({ testEngine }) => {
  t = testEngine;
});
const publish = (name: string, extra?: Parameters<typeof publishLayer>[2]) =>
  publishLayer(t, name, extra);

describe("Layers API: permissions and deletion", () => {
  test("permissions: add, get the policy, conflicts, revision checks, remove", async () => {
    await publish("perm");
    const noPolicy = await failure(
      t.lambda.send(new GetLayerVersionPolicyCommand({ LayerName: "perm", VersionNumber: 1 })),
    );
    expect(noPolicy).toMatchObject({
      name: "ResourceNotFoundException",
      message: "No policy is associated with the given resource.",
    });
    const add = await t.lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: "perm",
        VersionNumber: 1,
        StatementId: "share-one",
        Action: "lambda:GetLayerVersion",
        Principal: "210987654321",
      }),
    );
    expect(JSON.parse(add.Statement ?? "")).toEqual({
      Sid: "share-one",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::210987654321:root" },
      Action: "lambda:GetLayerVersion",
      Resource: `${PREFIX}perm:1`,
    });
    await t.lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: "perm",
        VersionNumber: 1,
        StatementId: "org",
        Action: "lambda:GetLayerVersion",
        Principal: "*",
        OrganizationId: "o-abcdefghij",
        RevisionId: add.RevisionId,
      }),
    );
    const policy = await t.lambda.send(
      new GetLayerVersionPolicyCommand({ LayerName: "perm", VersionNumber: 1 }),
    );
    const doc = JSON.parse(policy.Policy ?? "") as {
      Statement: { Sid: string; Condition?: unknown }[];
    };
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["share-one", "org"]);
    expect(doc.Statement[1]?.Condition).toEqual({
      StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" },
    });

    const again = await failure(
      t.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: "perm",
          VersionNumber: 1,
          StatementId: "org",
          Action: "lambda:GetLayerVersion",
          Principal: "*",
        }),
      ),
    );
    expect(again).toMatchObject({ name: "ResourceConflictException", status: 409 });
    const stale = await failure(
      t.lambda.send(
        new RemoveLayerVersionPermissionCommand({
          LayerName: "perm",
          VersionNumber: 1,
          StatementId: "org",
          RevisionId: add.RevisionId,
        }),
      ),
    );
    expect(stale).toMatchObject({ name: "PreconditionFailedException", status: 412 });
    const badAction = await failure(
      t.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: "perm",
          VersionNumber: 1,
          StatementId: "x",
          Action: "lambda:InvokeFunction",
          Principal: "*",
        }),
      ),
    );
    expect(badAction).toMatchObject({ name: "ValidationException" });

    await t.lambda.send(
      new RemoveLayerVersionPermissionCommand({
        LayerName: "perm",
        VersionNumber: 1,
        StatementId: "org",
        RevisionId: policy.RevisionId,
      }),
    );
    const missing = await failure(
      t.lambda.send(
        new RemoveLayerVersionPermissionCommand({
          LayerName: "perm",
          VersionNumber: 1,
          StatementId: "org",
        }),
      ),
    );
    expect(missing).toMatchObject({
      name: "ResourceNotFoundException",
      message: "Statement org is not found in resource policy.",
    });
  });

  test("DeleteLayerVersion: gone from the API, numbers keep growing, functions using it keep it; deleting again succeeds", async () => {
    const v1 = await publish("del");
    await t.lambda.send(
      new CreateFunctionCommand(createInput("uses-del", { Layers: [v1.LayerVersionArn ?? ""] })),
    );
    await settled(t.lambda, "uses-del");
    await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: "del", VersionNumber: 1 }));
    await t.lambda.send(new DeleteLayerVersionCommand({ LayerName: "del", VersionNumber: 1 }));
    expect(
      await failure(
        t.lambda.send(new GetLayerVersionCommand({ LayerName: "del", VersionNumber: 1 })),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException" });
    expect((await publish("del")).Version).toBe(2);
    const fn = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "uses-del" }),
    );
    expect(fn.Layers).toEqual([{ Arn: `${PREFIX}del:1`, CodeSize: ZIP.length }]);
    // A deleted version cannot be newly referenced.
    const refused = await failure(
      t.lambda.send(
        new CreateFunctionCommand(createInput("new-del", { Layers: [`${PREFIX}del:1`] })),
      ),
    );
    expect(refused).toMatchObject({
      name: "InvalidParameterValueException",
      message: `Layer version ${PREFIX}del:1 does not exist.`,
    });
  });
});
