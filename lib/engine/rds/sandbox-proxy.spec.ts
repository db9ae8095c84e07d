import fs from "node:fs";
import path from "node:path";
import {
  CreateFunctionCommand,
  InvokeCommand,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import { RegisterDBProxyTargetsCommand } from "@aws-sdk/client-rds";
import { describe, expect, vi } from "vitest";
import { ROLE, makeZip, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import {
  PASSWORD,
  availableInstance,
  availableProxy,
  consoleRoute,
  dbAuthToken,
  rdsClientFor,
} from "@/test/support/rds";
import { engineCredentials } from "@/test/support/client-config";

const BLUEPRINT = path.join(process.cwd(), "lib/blueprints/catalog/postgres-query-python/code");
// The blueprint's client, with the password (an IAM token) and the address taken from the event.
const HANDLER = `
import os
from pgwire import Connection
def handler(event, context):
    try:
        conn = Connection(host=event.get("host", os.environ["DB_HOST"]), port=int(event.get("port", os.environ["DB_PORT"])),
            user="app", password=event.get("password", os.environ.get("DB_PASSWORD", "")), database="postgres",
            sslmode=event.get("sslmode", "require"), timeout=5)
        try:
            return {"ok": True, "rows": conn.query("SELECT current_user AS who, 1 + 1 AS two")[2]}
        finally:
            conn.close()
    except Exception as e:
        return {"ok": False, "error": str(e)}
`;

let t: TestEngine;
let dbPort = 0;
let open: { endpoint: string; port: number };
let iam: { endpoint: string; port: number };

async function createFunction(name: string, env: Record<string, string>) {
  const pgwire = fs.readFileSync(path.join(BLUEPRINT, "pgwire.py"), "utf8");
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "python3.12",
      Handler: "handler.handler",
      Role: ROLE,
      Timeout: 15,
      Code: { ZipFile: makeZip({ "handler.py": HANDLER, "pgwire.py": pgwire }) },
      Environment: { Variables: env },
    }),
  );
  await waitUntilFunctionActiveV2(
    { client: t.lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
    { FunctionName: name },
  );
}

async function invoke(name: string, event: Record<string, unknown> = {}) {
  const r = await t.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  expect(r.FunctionError).toBeUndefined();
  return JSON.parse(Buffer.from(r.Payload ?? new Uint8Array()).toString()) as {
    ok: boolean;
    rows?: unknown[];
    error?: string;
  };
}

const test = engineTest("rds-sandbox-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  const rds = rdsClientFor(t.engine);
  dbPort = await availableInstance(vi.waitFor, rds, "app-db");
  open = await availableProxy(vi.waitFor, t.engine, "open-proxy");
  iam = await availableProxy(vi.waitFor, t.engine, "iam-proxy", { iam: true });
  for (const p of ["open-proxy", "iam-proxy"])
    await rds.send(
      new RegisterDBProxyTargetsCommand({ DBProxyName: p, DBInstanceIdentifiers: ["app-db"] }),
    );
  await t.engine.databases.proxies.reapply("open-proxy");
  await t.engine.databases.proxies.reapply("iam-proxy");
  await createFunction("connected", {
    DB_HOST: open.endpoint,
    DB_PORT: String(open.port),
    DB_PASSWORD: PASSWORD,
  });
  await createFunction("stranger", {
    DB_HOST: open.endpoint,
    DB_PORT: String(open.port),
    DB_PASSWORD: PASSWORD,
  });
  await createFunction("iam-user", { DB_HOST: iam.endpoint, DB_PORT: String(iam.port) });
  expect(
    (
      await consoleRoute(
        t.engine,
        "PUT",
        "/lambda-console/db-proxies/open-proxy/functions/connected",
      )
    ).status,
  ).toBe(200);
  expect(
    (await consoleRoute(t.engine, "PUT", "/lambda-console/db-proxies/iam-proxy/functions/iam-user"))
      .status,
  ).toBe(200);
}, 180_000);

describe("database proxies from function sandboxes", () => {
  test("a connected function queries through its proxy's endpoint (TLS, SCRAM)", async () => {
    expect(await invoke("connected")).toEqual({ ok: true, rows: [{ who: "app", two: 2 }] });
  });

  test("attack: a function not connected to the proxy cannot reach it, nor the database", async () => {
    const byName = await invoke("stranger");
    expect(byName.ok).toBe(false);
    for (const port of [open.port, dbPort]) {
      const direct = await invoke("stranger", { host: "127.0.0.1", port });
      expect(direct).toMatchObject({
        ok: false,
        error: expect.stringMatching(/refused|unreachable|timed out/i),
      });
    }
  });

  test("a connected function reaches its proxy only: the target database stays out of reach", async () => {
    const direct = await invoke("connected", { host: "127.0.0.1", port: dbPort });
    expect(direct).toMatchObject({
      ok: false,
      error: expect.stringMatching(/refused|unreachable|timed out/i),
    });
  });

  test("IAM auth: a valid rds-db token is accepted and mapped to the secret's user", async () => {
    const creds = engineCredentials(t.engine);
    const token = await dbAuthToken(creds, iam.endpoint, iam.port, "app");
    expect(await invoke("iam-user", { password: token })).toEqual({
      ok: true,
      rows: [{ who: "app", two: 2 }],
    });
  });

  test("IAM auth: the secret's password, an expired token and a wrong signature are refused", async () => {
    const creds = engineCredentials(t.engine);
    const refused = {
      ok: false,
      error: expect.stringContaining('PAM authentication failed for user "app"'),
    };
    expect(await invoke("iam-user", { password: PASSWORD })).toMatchObject(refused);
    const expired = await dbAuthToken(
      creds,
      iam.endpoint,
      iam.port,
      "app",
      new Date(Date.now() - 16 * 60_000),
    );
    expect(await invoke("iam-user", { password: expired })).toMatchObject(refused);
    const forged = await dbAuthToken(
      { ...creds, secretAccessKey: "not-the-key" },
      iam.endpoint,
      iam.port,
      "app",
    );
    expect(await invoke("iam-user", { password: forged })).toMatchObject(refused);
    const otherHost = await dbAuthToken(creds, open.endpoint, iam.port, "app");
    expect(await invoke("iam-user", { password: otherHost })).toMatchObject(refused);
  });
});
