import "server-only";
import {
  CreateDBInstanceCommand,
  CreateDBProxyCommand,
  DeleteDBInstanceCommand,
  DeleteDBProxyCommand,
  DescribeDBInstancesCommand,
  DescribeDBProxiesCommand,
  DescribeDBProxyTargetGroupsCommand,
  DescribeDBProxyTargetsCommand,
  ModifyDBProxyTargetGroupCommand,
  RegisterDBProxyTargetsCommand,
  type DBProxy,
} from "@aws-sdk/client-rds";
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import type { Target } from "../targets/types";
import { engineRoute, getRdsClient, getSecretsClient, mapDatabaseError } from "./database-clients";
import type {
  DatabasesOverview,
  DbInstanceSummary,
  DbProxySummary,
  PoolFigures,
  PoolSettings,
} from "./database-types";

export async function listDbInstances(target: Target): Promise<DbInstanceSummary[]> {
  const out = await getRdsClient(target).send(new DescribeDBInstancesCommand({}));
  return (out.DBInstances ?? []).map((d) => ({
    id: d.DBInstanceIdentifier ?? "",
    status: d.DBInstanceStatus ?? "unknown",
    engine: d.Engine ?? "",
    engineVersion: d.EngineVersion,
    instanceClass: d.DBInstanceClass,
    address: d.Endpoint?.Address,
    port: d.Endpoint?.Port,
    masterUsername: d.MasterUsername,
    managedSecretArn: d.MasterUserSecret?.SecretArn,
  }));
}

async function proxySummary(
  target: Target,
  p: DBProxy,
  withFigures: boolean,
): Promise<DbProxySummary> {
  const rds = getRdsClient(target);
  const name = p.DBProxyName ?? "";
  const ready = p.Status === "available";
  const [targets, groups, figures] = await Promise.all([
    ready ? rds.send(new DescribeDBProxyTargetsCommand({ DBProxyName: name })) : undefined,
    ready ? rds.send(new DescribeDBProxyTargetGroupsCommand({ DBProxyName: name })) : undefined,
    ready && withFigures ? getPoolFigures(target, name).catch(() => undefined) : undefined,
  ]);
  const pool = groups?.TargetGroups?.find((g) => g.IsDefault)?.ConnectionPoolConfig;
  return {
    name,
    status: p.Status ?? "unknown",
    engineFamily: p.EngineFamily,
    endpoint: p.Endpoint,
    requireTls: p.RequireTLS ?? false,
    idleClientTimeout: p.IdleClientTimeout,
    iamAuth: (p.Auth ?? []).some((a) => a.IAMAuth === "REQUIRED"),
    secretArns: (p.Auth ?? []).flatMap((a) => (a.SecretArn ? [a.SecretArn] : [])),
    targets: (targets?.Targets ?? []).map((t) => ({
      instanceId: t.RdsResourceId ?? "",
      port: t.Port,
      health: t.TargetHealth?.State ?? "UNKNOWN",
      reason: t.TargetHealth?.Reason,
      description: t.TargetHealth?.Description,
    })),
    pool: {
      maxConnectionsPercent: pool?.MaxConnectionsPercent,
      maxIdleConnectionsPercent: pool?.MaxIdleConnectionsPercent,
      connectionBorrowTimeout: pool?.ConnectionBorrowTimeout,
      initQuery: pool?.InitQuery,
    },
    figures,
  };
}

export async function listDbProxies(target: Target, withFigures = true): Promise<DbProxySummary[]> {
  const out = await getRdsClient(target).send(new DescribeDBProxiesCommand({}));
  return Promise.all((out.DBProxies ?? []).map((p) => proxySummary(target, p, withFigures)));
}

export async function getDatabasesOverview(target: Target): Promise<DatabasesOverview> {
  const [instances, proxies] = await Promise.all([listDbInstances(target), listDbProxies(target)]);
  return { instances, proxies };
}

/** Live pool figures: the local engine reads PgBouncer's admin console; AWS has none to read here. */
async function getPoolFigures(target: Target, proxyName: string): Promise<PoolFigures | undefined> {
  if (target.kind !== "local") return undefined;
  const r = await engineRoute<Partial<PoolFigures> & { available: boolean }>(
    target,
    "GET",
    `/lambda-console/db-proxies/${encodeURIComponent(proxyName)}/pool`,
  );
  if (!r.available) return undefined;
  return {
    clientsActive: r.clientsActive ?? 0,
    clientsWaiting: r.clientsWaiting ?? 0,
    serversActive: r.serversActive ?? 0,
    serversIdle: r.serversIdle ?? 0,
    totalQueries: r.totalQueries ?? 0,
    averageQueryMicros: r.averageQueryMicros ?? 0,
    restarts: r.restarts ?? 0,
  };
}

export async function createDbInstance(
  target: Target,
  input: { id: string; username: string; password: string },
): Promise<DbInstanceSummary> {
  const out = await getRdsClient(target).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: input.id,
      Engine: "postgres",
      DBInstanceClass: "db.t3.micro",
      AllocatedStorage: 20,
      MasterUsername: input.username,
      MasterUserPassword: input.password,
    }),
  );
  return {
    id: out.DBInstance?.DBInstanceIdentifier ?? input.id,
    status: out.DBInstance?.DBInstanceStatus ?? "creating",
    engine: "postgres",
  };
}

export async function deleteDbInstance(target: Target, id: string): Promise<void> {
  await getRdsClient(target).send(
    new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true }),
  );
}

/** The secret a proxy logs in with ({"username","password"}), then the proxy itself. */
export async function createDbProxy(
  target: Target,
  input: {
    name: string;
    username: string;
    password: string;
    iamAuth: boolean;
    requireTls: boolean;
    roleArn: string;
    subnetIds: string[];
  },
): Promise<{ secretArn: string }> {
  const secret = await getSecretsClient(target).send(
    new CreateSecretCommand({
      Name: `${input.name}-credentials`,
      SecretString: JSON.stringify({ username: input.username, password: input.password }),
    }),
  );
  const secretArn = secret.ARN ?? "";
  await getRdsClient(target).send(
    new CreateDBProxyCommand({
      DBProxyName: input.name,
      EngineFamily: "POSTGRESQL",
      Auth: [
        {
          AuthScheme: "SECRETS",
          SecretArn: secretArn,
          IAMAuth: input.iamAuth ? "REQUIRED" : "DISABLED",
        },
      ],
      RoleArn: input.roleArn,
      VpcSubnetIds: input.subnetIds,
      RequireTLS: input.requireTls,
    }),
  );
  return { secretArn };
}

export async function getDbProxy(target: Target, name: string): Promise<DbProxySummary> {
  const out = await getRdsClient(target).send(new DescribeDBProxiesCommand({ DBProxyName: name }));
  const p = out.DBProxies?.[0];
  if (!p)
    throw mapDatabaseError(
      { name: "DBProxyNotFoundFault", message: `DBProxy ${name} not found.` },
      target,
    );
  return proxySummary(target, p, false);
}

export async function registerProxyTarget(
  target: Target,
  proxyName: string,
  instanceId: string,
): Promise<void> {
  await getRdsClient(target).send(
    new RegisterDBProxyTargetsCommand({
      DBProxyName: proxyName,
      TargetGroupName: "default",
      DBInstanceIdentifiers: [instanceId],
    }),
  );
}

export async function modifyProxyPool(
  target: Target,
  proxyName: string,
  pool: PoolSettings,
): Promise<void> {
  await getRdsClient(target).send(
    new ModifyDBProxyTargetGroupCommand({
      DBProxyName: proxyName,
      TargetGroupName: "default",
      ConnectionPoolConfig: {
        MaxConnectionsPercent: pool.maxConnectionsPercent,
        MaxIdleConnectionsPercent: pool.maxIdleConnectionsPercent,
        ConnectionBorrowTimeout: pool.connectionBorrowTimeout,
      },
    }),
  );
}

export async function deleteDbProxy(target: Target, name: string): Promise<void> {
  await getRdsClient(target).send(new DeleteDBProxyCommand({ DBProxyName: name }));
}

/** The database user a proxy's secret names (read server-side; the password never leaves). */
export async function secretUsername(
  target: Target,
  secretArn: string,
): Promise<string | undefined> {
  const out = await getSecretsClient(target).send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  try {
    const v = JSON.parse(out.SecretString ?? "{}") as { username?: unknown };
    return typeof v.username === "string" ? v.username : undefined;
  } catch {
    return undefined;
  }
}
