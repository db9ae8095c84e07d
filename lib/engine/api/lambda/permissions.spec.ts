import { describe, expect } from "vitest";
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
  PublishVersionCommand,
  RemovePermissionCommand,
} from "@aws-sdk/client-lambda";
import { ARN, ROLE, createInput, failure, type TestEngine } from "@/test/support/lambda";
import { settled } from "@/test/support/settled";
import { engineTest } from "@/test/support/fixtures";

let t: TestEngine;
const test = engineTest("perm-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(new CreateFunctionCommand(createInput("pol")));
  await settled(t.lambda, "pol");
});

describe("resource policies", () => {
  test("GetPolicy without a policy is ResourceNotFound", async () => {
    const e = await failure(t.lambda.send(new GetPolicyCommand({ FunctionName: "pol" })));
    expect(e).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource you requested does not exist.",
    });
  });

  test("AddPermission builds the statement as AWS does; GetPolicy returns the document", async () => {
    const added = await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: "pol",
        StatementId: "s3-invoke",
        Action: "lambda:InvokeFunction",
        Principal: "s3.amazonaws.com",
        SourceArn: "arn:aws:s3:::my-bucket",
        SourceAccount: "123456789012",
      }),
    );
    expect(JSON.parse(added.Statement ?? "")).toEqual({
      Sid: "s3-invoke",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: ARN("pol"),
      Condition: {
        StringEquals: { "AWS:SourceAccount": "123456789012" },
        ArnLike: { "AWS:SourceArn": "arn:aws:s3:::my-bucket" },
      },
    });
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: "pol",
        StatementId: "url",
        Action: "lambda:InvokeFunctionUrl",
        Principal: "*",
        FunctionUrlAuthType: "NONE",
      }),
    );
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: "pol",
        StatementId: "org",
        Action: "lambda:GetFunction",
        Principal: "111122223333",
        PrincipalOrgID: "o-abcdefghij",
      }),
    );
    const p = await t.lambda.send(new GetPolicyCommand({ FunctionName: "pol" }));
    const doc = JSON.parse(p.Policy ?? "") as { Version: string; Id: string; Statement: unknown[] };
    expect(doc.Version).toBe("2012-10-17");
    expect(doc.Id).toBe("default");
    expect(doc.Statement).toHaveLength(3);
    expect(doc.Statement[1]).toMatchObject({
      Principal: "*",
      Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "NONE" } },
    });
    expect(doc.Statement[2]).toMatchObject({
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
    });
    expect(p.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("a duplicate StatementId is a ResourceConflict; a stale RevisionId is PreconditionFailed", async () => {
    const dup = await failure(
      t.lambda.send(
        new AddPermissionCommand({
          FunctionName: "pol",
          StatementId: "s3-invoke",
          Action: "lambda:InvokeFunction",
          Principal: "sns.amazonaws.com",
        }),
      ),
    );
    expect(dup).toMatchObject({
      name: "ResourceConflictException",
      status: 409,
      message:
        "The statement id (s3-invoke) provided already exists. Please provide a new statement id, or remove the existing statement.",
    });
    const stale = await failure(
      t.lambda.send(
        new AddPermissionCommand({
          FunctionName: "pol",
          StatementId: "other",
          Action: "lambda:InvokeFunction",
          Principal: "sns.amazonaws.com",
          RevisionId: "00000000-0000-0000-0000-000000000000",
        }),
      ),
    );
    expect(stale).toMatchObject({ name: "PreconditionFailedException", status: 412 });
    const { RevisionId } = await t.lambda.send(new GetPolicyCommand({ FunctionName: "pol" }));
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: "pol",
        StatementId: "other",
        Action: "lambda:InvokeFunction",
        Principal: "sns.amazonaws.com",
        RevisionId,
      }),
    );
  });

  test("validates fields as the model does", async () => {
    const badAction = await failure(
      t.lambda.send(
        new AddPermissionCommand({
          FunctionName: "pol",
          StatementId: "x",
          Action: "s3:GetObject",
          Principal: "*",
        }),
      ),
    );
    expect(badAction.name).toBe("ValidationException");
    expect(badAction.message).toContain("at 'action' failed to satisfy constraint");
    const badPrincipal = await failure(
      t.lambda.send(
        new AddPermissionCommand({
          FunctionName: "pol",
          StatementId: "x",
          Action: "lambda:InvokeFunction",
          Principal: "not-a-principal",
        }),
      ),
    );
    expect(badPrincipal).toMatchObject({
      name: "InvalidParameterValueException",
      message: "The provided principal was invalid. Please check the principal and try again.",
    });
    const latest = await failure(
      t.lambda.send(
        new AddPermissionCommand({
          FunctionName: "pol",
          Qualifier: "$LATEST",
          StatementId: "x",
          Action: "lambda:InvokeFunction",
          Principal: "*",
        }),
      ),
    );
    expect(latest).toMatchObject({
      name: "InvalidParameterValueException",
      message: "We currently do not support adding policies for $LATEST.",
    });
    const missing = await failure(
      t.lambda.send(
        new AddPermissionCommand({
          FunctionName: "nope",
          StatementId: "x",
          Action: "lambda:InvokeFunction",
          Principal: "*",
        }),
      ),
    );
    expect(missing).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
  });

  test("qualified policies are separate: a version and an alias each have their own", async () => {
    await t.lambda.send(new PublishVersionCommand({ FunctionName: "pol" }));
    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: "pol", Name: "live", FunctionVersion: "1" }),
    );
    const added = await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: "pol",
        Qualifier: "live",
        StatementId: "alias-only",
        Action: "lambda:InvokeFunction",
        Principal: "events.amazonaws.com",
      }),
    );
    expect(JSON.parse(added.Statement ?? "").Resource).toBe(`${ARN("pol")}:live`);
    const v1 = await failure(t.lambda.send(new GetPolicyCommand({ FunctionName: "pol:1" })));
    expect(v1.name).toBe("ResourceNotFoundException");
    const alias = await t.lambda.send(
      new GetPolicyCommand({ FunctionName: "pol", Qualifier: "live" }),
    );
    expect(JSON.parse(alias.Policy ?? "").Statement).toHaveLength(1);
    const noAlias = await failure(
      t.lambda.send(new GetPolicyCommand({ FunctionName: "pol", Qualifier: "gone" })),
    );
    expect(noAlias.name).toBe("ResourceNotFoundException");
  });

  test("RemovePermission removes one statement; errors for a missing sid, a stale revision, no policy", async () => {
    const missing = await failure(
      t.lambda.send(new RemovePermissionCommand({ FunctionName: "pol", StatementId: "nope" })),
    );
    expect(missing).toMatchObject({
      name: "ResourceNotFoundException",
      message: "Statement nope is not found in resource policy.",
    });
    const stale = await failure(
      t.lambda.send(
        new RemovePermissionCommand({ FunctionName: "pol", StatementId: "org", RevisionId: "x" }),
      ),
    );
    expect(stale.name).toBe("PreconditionFailedException");
    await t.lambda.send(new RemovePermissionCommand({ FunctionName: "pol", StatementId: "org" }));
    const p = await t.lambda.send(new GetPolicyCommand({ FunctionName: "pol" }));
    const sids = (JSON.parse(p.Policy ?? "") as { Statement: { Sid: string }[] }).Statement.map(
      (s) => s.Sid,
    );
    expect(sids).toEqual(["s3-invoke", "url", "other"]);
    const none = await failure(
      t.lambda.send(new RemovePermissionCommand({ FunctionName: "pol:1", StatementId: "x" })),
    );
    expect(none).toMatchObject({
      name: "ResourceNotFoundException",
      message: "No policy is associated with the given resource.",
    });
  });

  test("a function's own credentials cannot open a function to the world (attack)", async () => {
    const creds = t.engine.credentials.issue({
      functionName: "pol",
      functionArn: ARN("pol"),
      roleArn: ROLE,
      logGroup: "/aws/lambda/pol",
    });
    const hostile = new LambdaClient({
      endpoint: t.engine.endpoint,
      region: "us-east-1",
      credentials: creds,
      maxAttempts: 1,
    });
    try {
      const e = await failure(
        hostile.send(
          new AddPermissionCommand({
            FunctionName: "pol",
            StatementId: "pwned",
            Action: "lambda:InvokeFunctionUrl",
            Principal: "*",
            FunctionUrlAuthType: "NONE",
          }),
        ),
      );
      expect(e).toMatchObject({ name: "AccessDeniedException", status: 403 });
      const p = await t.lambda.send(new GetPolicyCommand({ FunctionName: "pol" }));
      expect(p.Policy).not.toContain("pwned");
    } finally {
      hostile.destroy();
    }
  });

  test("policies survive a restart", async () => {
    await t.restart();
    const p = await t.lambda.send(new GetPolicyCommand({ FunctionName: "pol" }));
    expect(JSON.parse(p.Policy ?? "").Statement).toHaveLength(3);
  });
});
