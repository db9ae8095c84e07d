import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import { describe, expect } from "vitest";
import { type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { secretsClientFor } from "@/test/support/rds";

let t: TestEngine;
const test = engineTest("secrets-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
});

describe("Secrets Manager subset", () => {
  test("creates, reads, versions (AWSCURRENT/AWSPREVIOUS), lists and deletes a secret", async () => {
    const sm = secretsClientFor(t.engine);
    const created = await sm.send(
      new CreateSecretCommand({
        Name: "app/db",
        SecretString: '{"username":"app","password":"one"}',
        Description: "db creds",
      }),
    );
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:app\/db-[A-Za-z0-9]{6}$/,
    );
    const v1 = await sm.send(new GetSecretValueCommand({ SecretId: "app/db" }));
    expect(v1).toMatchObject({
      Name: "app/db",
      SecretString: '{"username":"app","password":"one"}',
      VersionStages: ["AWSCURRENT"],
      VersionId: created.VersionId,
    });
    const put = await sm.send(
      new PutSecretValueCommand({
        SecretId: created.ARN,
        SecretString: '{"username":"app","password":"two"}',
      }),
    );
    expect(put.VersionStages).toEqual(["AWSCURRENT"]);
    expect(
      (await sm.send(new GetSecretValueCommand({ SecretId: "app/db" }))).SecretString,
    ).toContain('"two"');
    const prev = await sm.send(
      new GetSecretValueCommand({ SecretId: "app/db", VersionStage: "AWSPREVIOUS" }),
    );
    expect(prev).toMatchObject({
      VersionId: created.VersionId,
      SecretString: '{"username":"app","password":"one"}',
    });
    const d = await sm.send(new DescribeSecretCommand({ SecretId: "app/db" }));
    expect(d.VersionIdsToStages).toEqual({
      [created.VersionId ?? ""]: ["AWSPREVIOUS"],
      [put.VersionId ?? ""]: ["AWSCURRENT"],
    });
    expect(d.Description).toBe("db creds");
    const list = await sm.send(new ListSecretsCommand({}));
    expect(list.SecretList?.map((s) => s.Name)).toEqual(["app/db"]);
    const del = await sm.send(
      new DeleteSecretCommand({ SecretId: "app/db", RecoveryWindowInDays: 7 }),
    );
    expect(del.DeletionDate).toBeInstanceOf(Date);
    await expect(sm.send(new GetSecretValueCommand({ SecretId: "app/db" }))).rejects.toMatchObject({
      name: "InvalidRequestException",
    });
    await sm.send(
      new DeleteSecretCommand({ SecretId: "app/db", ForceDeleteWithoutRecovery: true }),
    );
    await expect(sm.send(new GetSecretValueCommand({ SecretId: "app/db" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  test("answers AWS's errors", async () => {
    const sm = secretsClientFor(t.engine);
    await sm.send(new CreateSecretCommand({ Name: "dup", SecretString: "x" }));
    await expect(
      sm.send(new CreateSecretCommand({ Name: "dup", SecretString: "y" })),
    ).rejects.toMatchObject({
      name: "ResourceExistsException",
      message: "The operation failed because the secret dup already exists.",
    });
    await expect(
      sm.send(new DeleteSecretCommand({ SecretId: "dup", RecoveryWindowInDays: 3 })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(
      sm.send(new GetSecretValueCommand({ SecretId: "dup", VersionStage: "AWSPREVIOUS" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
