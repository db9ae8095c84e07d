import fs from "node:fs";
import path from "node:path";
import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  CreateDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, vi } from "vitest";
import { type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import {
  PASSWORD,
  availableInstance,
  psql,
  rdsClientFor,
  secretsClientFor,
  waitAvailable,
} from "@/test/support/rds";

let t: TestEngine;
const test = engineTest("rds-instances-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
});

describe("DB instances (RDS API, real PostgreSQL)", () => {
  test("creates a postgres instance: creating → available, a real server on its endpoint", async () => {
    const rds = rdsClientFor(t.engine);
    const port = await availableInstance(vi.waitFor, rds, "Lifecycle-1");
    const d = await rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: "lifecycle-1" }),
    );
    const db = d.DBInstances?.[0];
    expect(db).toMatchObject({
      DBInstanceIdentifier: "lifecycle-1",
      Engine: "postgres",
      MasterUsername: "app",
      Endpoint: { Address: "127.0.0.1", Port: port },
    });
    expect(await psql(port, "SELECT current_user || ' ' || 2+2")).toBe("app 4");
    await expect(psql(port, "SELECT 1", { password: "wrong-password" })).rejects.toThrow(
      /password authentication failed/,
    );
  });

  test("attack: the master user is not a superuser (no server files, no programs as the postgres OS user)", async () => {
    const port = await waitAvailable(vi.waitFor, rdsClientFor(t.engine), "lifecycle-1");
    expect(
      await psql(port, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"),
    ).toBe("false");
    await expect(psql(port, "SELECT pg_read_file('/etc/passwd')")).rejects.toThrow(
      /permission denied/,
    );
    await expect(psql(port, "COPY (SELECT 1) TO PROGRAM 'id'")).rejects.toThrow(
      /permission denied|must be superuser/,
    );
    // What a master user does on RDS still works: its own tables, databases and roles.
    await psql(port, "CREATE DATABASE other");
    await psql(port, "CREATE TABLE mine (v int); INSERT INTO mine VALUES (1)");
    expect(await psql(port, "SELECT count(*) FROM mine")).toBe("1");
  });

  test("refuses what RDS refuses, with RDS's error codes", async () => {
    const rds = rdsClientFor(t.engine);
    await expect(
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "reserved",
          Engine: "postgres",
          DBInstanceClass: "db.t3.micro",
          MasterUsername: "rdsadmin",
          MasterUserPassword: PASSWORD,
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
    await expect(
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nope" })),
    ).rejects.toMatchObject({
      name: "DBInstanceNotFoundFault",
      message: "DBInstance nope not found.",
    });
    await expect(
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "lifecycle-1",
          Engine: "postgres",
          DBInstanceClass: "db.t3.micro",
          MasterUsername: "app",
          MasterUserPassword: PASSWORD,
        }),
      ),
    ).rejects.toMatchObject({ name: "DBInstanceAlreadyExistsFault" });
    await expect(
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "bad--id",
          Engine: "postgres",
          DBInstanceClass: "db.t3.micro",
          MasterUsername: "app",
          MasterUserPassword: PASSWORD,
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
    await expect(
      rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "nopass",
          Engine: "postgres",
          DBInstanceClass: "db.t3.micro",
          MasterUsername: "app",
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
    await expect(
      rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: "lifecycle-1" })),
    ).rejects.toMatchObject({ name: "InvalidParameterCombination" });
  });

  test("keeps the master password in a managed secret with ManageMasterUserPassword", async () => {
    const rds = rdsClientFor(t.engine);
    const created = await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "managed",
        Engine: "postgres",
        DBInstanceClass: "db.t3.micro",
        MasterUsername: "owner",
        ManageMasterUserPassword: true,
      }),
    );
    const secretArn = created.DBInstance?.MasterUserSecret?.SecretArn ?? "";
    expect(secretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:rds!db-/);
    const port = await waitAvailable(vi.waitFor, rds, "managed");
    const value = await secretsClientFor(t.engine).send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    const { username, password } = JSON.parse(value.SecretString ?? "{}") as {
      username: string;
      password: string;
    };
    expect(username).toBe("owner");
    expect(await psql(port, "SELECT current_user", { user: username, password })).toBe("owner");
  });

  test("changes the master password with ModifyDBInstance", async () => {
    const rds = rdsClientFor(t.engine);
    await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: "lifecycle-1",
        MasterUserPassword: "an0ther-passw0rd",
        ApplyImmediately: true,
      }),
    );
    const port = await waitAvailable(vi.waitFor, rds, "lifecycle-1");
    expect(await psql(port, "SELECT 7", { password: "an0ther-passw0rd" })).toBe("7");
    await expect(psql(port, "SELECT 7")).rejects.toThrow(/password authentication failed/);
  });

  test("survives an engine restart: the cluster runs again with its data", async () => {
    const rds0 = rdsClientFor(t.engine);
    const port = await waitAvailable(vi.waitFor, rds0, "lifecycle-1");
    await psql(
      port,
      "CREATE TABLE IF NOT EXISTS kept (v text); DELETE FROM kept; INSERT INTO kept VALUES ('still here')",
      {
        password: "an0ther-passw0rd",
      },
    );
    await t.restart();
    const rds = rdsClientFor(t.engine);
    const again = await waitAvailable(vi.waitFor, rds, "lifecycle-1");
    expect(await psql(again, "SELECT v FROM kept", { password: "an0ther-passw0rd" })).toBe(
      "still here",
    );
  });

  test("deletes an instance: deleting, then gone with its data directory", async () => {
    const rds = rdsClientFor(t.engine);
    const port = await waitAvailable(vi.waitFor, rds, "lifecycle-1");
    const r = await rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "lifecycle-1", SkipFinalSnapshot: true }),
    );
    expect(r.DBInstance?.DBInstanceStatus).toBe("deleting");
    await expect
      .poll(
        () =>
          rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "lifecycle-1" })).then(
            () => "present",
            (e: Error) => e.name,
          ),
        { timeout: 30_000 },
      )
      .toBe("DBInstanceNotFoundFault");
    expect(fs.existsSync(path.join(t.dataDir, "rds", "instances", "lifecycle-1"))).toBe(false);
    await expect(psql(port, "SELECT 1", { password: "an0ther-passw0rd" })).rejects.toThrow();
  });
});
