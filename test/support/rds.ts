import {
  CreateDBInstanceCommand,
  CreateDBProxyCommand,
  DescribeDBInstancesCommand,
  DescribeDBProxiesCommand,
  RDSClient,
  RegisterDBProxyTargetsCommand,
} from "@aws-sdk/client-rds";
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../../lib/aws/sha256";
import type { RunningEngine } from "../../lib/engine/engine";
import { signedHeaders } from "./signed-headers";
import { runPsql } from "../../lib/engine/rds/psql";
import type { Waiter } from "./wait";
import { engineClientConfig, engineCredentials } from "./client-config";

export function rdsClientFor(engine: RunningEngine): RDSClient {
  return new RDSClient(engineClientConfig(engine));
}

export function secretsClientFor(engine: RunningEngine): SecretsManagerClient {
  return new SecretsManagerClient(engineClientConfig(engine));
}

export const PASSWORD = "s3cret-Passw0rd";

/** Creates a postgres instance and waits until it is available; returns its port. */
export async function availableInstance(
  wait: Waiter,
  rds: RDSClient,
  id: string,
  extra: { password?: string } = {},
): Promise<number> {
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: id,
      Engine: "postgres",
      DBInstanceClass: "db.t3.micro",
      AllocatedStorage: 20,
      MasterUsername: "app",
      MasterUserPassword: extra.password ?? PASSWORD,
    }),
  );
  return waitAvailable(wait, rds, id);
}

/** Waits (with `wait`: vi.waitFor in specs) until the instance is available; returns its port. */
export async function waitAvailable(wait: Waiter, rds: RDSClient, id: string): Promise<number> {
  return wait(
    async () => {
      const r = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      const db = r.DBInstances?.[0];
      if (db?.DBInstanceStatus !== "available") throw new Error(`${id} is ${db?.DBInstanceStatus}`);
      return db.Endpoint?.Port ?? 0;
    },
    { timeout: 60_000, interval: 200 },
  );
}

/** A secret with RDS's {"username","password"} shape, and a proxy using it; waits for available. */
export async function availableProxy(
  wait: Waiter,
  engine: RunningEngine,
  name: string,
  opts: { password?: string; iam?: boolean } = {},
): Promise<{ secretArn: string; endpoint: string; port: number }> {
  const sm = secretsClientFor(engine);
  const rds = rdsClientFor(engine);
  const secret = await sm.send(
    new CreateSecretCommand({
      Name: `${name}-creds`,
      SecretString: JSON.stringify({ username: "app", password: opts.password ?? PASSWORD }),
    }),
  );
  const secretArn = secret.ARN ?? "";
  await rds.send(
    new CreateDBProxyCommand({
      DBProxyName: name,
      EngineFamily: "POSTGRESQL",
      Auth: [
        {
          AuthScheme: "SECRETS",
          SecretArn: secretArn,
          IAMAuth: opts.iam ? "REQUIRED" : "DISABLED",
        },
      ],
      RoleArn: "arn:aws:iam::000000000000:role/proxy-role",
      VpcSubnetIds: ["subnet-a", "subnet-b"],
    }),
  );
  const endpoint = await wait(
    async () => {
      const p = (await rds.send(new DescribeDBProxiesCommand({ DBProxyName: name })))
        .DBProxies?.[0];
      if (p?.Status !== "available") throw new Error(`${name} is ${p?.Status}`);
      return p.Endpoint ?? "";
    },
    { timeout: 30_000, interval: 100 },
  );
  const port = engine.databases.proxies.get(name).row.port ?? 0;
  return { secretArn, endpoint, port };
}

/** Runs SQL with psql over TCP; resolves with its tuples-only output or rejects with its error. */
export function psql(
  port: number,
  sql: string,
  login: { user?: string; password?: string; sslmode?: string } = {},
): Promise<string> {
  return runPsql(
    {
      port,
      user: login.user ?? "app",
      password: login.password ?? PASSWORD,
      database: "postgres",
      connectTimeoutSeconds: 10,
      sslmode: login.sslmode ?? "prefer",
    },
    ["-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
  );
}

/** A signed request to one of the engine's console routes (no SDK command covers them). */
export async function consoleRoute(
  engine: RunningEngine,
  method: string,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(path, engine.endpoint);
  const headers = await signedHeaders(url, engineCredentials(engine), { method });
  const res = await fetch(url, { method, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** An IAM auth token as `aws rds generate-db-auth-token` makes it (SigV4 presign, service rds-db). */
export async function dbAuthToken(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  host: string,
  port: number,
  user: string,
  signingDate = new Date(),
): Promise<string> {
  const signer = new SignatureV4({
    credentials,
    region: "us-east-1",
    service: "rds-db",
    sha256: Sha256,
    uriEscapePath: true,
  });
  const req = new HttpRequest({
    method: "GET",
    protocol: "https:",
    hostname: host,
    port,
    path: "/",
    query: { Action: "connect", DBUser: user },
    headers: { host: `${host}:${port}` },
  });
  const signed = await signer.presign(req, { expiresIn: 900, signingDate });
  const enc = (v: string) =>
    encodeURIComponent(v).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`)
    .join("&");
  return `${host}:${port}/?${query}`;
}

/**
 * What a user does for a function that needs a database proxy on the local engine: an instance,
 * an IAM-auth proxy targeting it, the function connected (console route) and pointed at it.
 */
export async function connectToNewProxy(
  wait: Waiter,
  engine: RunningEngine,
  lambda: LambdaClient,
  functionName: string,
): Promise<void> {
  const rds = rdsClientFor(engine);
  await availableInstance(wait, rds, `${functionName}-db`);
  const proxy = await availableProxy(wait, engine, `${functionName}-proxy`, { iam: true });
  await rds.send(
    new RegisterDBProxyTargetsCommand({
      DBProxyName: `${functionName}-proxy`,
      DBInstanceIdentifiers: [`${functionName}-db`],
    }),
  );
  await engine.databases.proxies.reapply(`${functionName}-proxy`);
  const connected = await consoleRoute(
    engine,
    "PUT",
    `/lambda-console/db-proxies/${functionName}-proxy/functions/${functionName}`,
  );
  if (connected.status !== 200)
    throw new Error(`connect failed: ${JSON.stringify(connected.body)}`);
  const current = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName }),
  );
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: functionName,
      Environment: {
        Variables: {
          ...current.Environment?.Variables,
          DB_HOST: proxy.endpoint,
          DB_PORT: String(proxy.port),
          DB_USER: "app",
          DB_PASSWORD: "",
        },
      },
    }),
  );
  await waitUntilFunctionUpdatedV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
    { FunctionName: functionName },
  );
}
