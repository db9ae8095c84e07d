import { checkIdentifier } from "./instances";
import { targetHealth } from "./proxy-health";
import type { AuthConfig, PoolConfig, Proxy, ProxyConfig, ProxyService } from "./proxies";
import { QueryParams, invalidParameter, queryResponse, xmlList, type XmlValue } from "./query";

function proxyXml(svc: ProxyService, p: Proxy): Record<string, XmlValue> {
  const c = p.config;
  return {
    DBProxyName: p.row.name,
    DBProxyArn: `${svc.arnPrefix}db-proxy:${p.row.resource_id}`,
    Status: p.row.status,
    EngineFamily: c.EngineFamily,
    VpcId: "vpc-local",
    VpcSecurityGroupIds: xmlList("member", c.VpcSecurityGroupIds),
    VpcSubnetIds: xmlList("member", c.VpcSubnetIds),
    Auth: xmlList(
      "member",
      c.Auth.map((a) => ({ ...a })),
    ),
    RoleArn: c.RoleArn,
    Endpoint: p.endpoint,
    RequireTLS: c.RequireTLS,
    IdleClientTimeout: c.IdleClientTimeout,
    DebugLogging: c.DebugLogging,
    CreatedDate: new Date(p.row.created_at),
    UpdatedDate: new Date(p.row.updated_at),
  };
}

function groupXml(svc: ProxyService, p: Proxy): Record<string, XmlValue> {
  const pool = p.pool;
  return {
    DBProxyName: p.row.name,
    TargetGroupName: "default",
    TargetGroupArn: `${svc.arnPrefix}target-group:prx-tg-${p.row.resource_id.slice(4)}`,
    IsDefault: true,
    Status: "available",
    ConnectionPoolConfig: {
      MaxConnectionsPercent: pool.MaxConnectionsPercent,
      MaxIdleConnectionsPercent: pool.MaxIdleConnectionsPercent,
      ConnectionBorrowTimeout: pool.ConnectionBorrowTimeout,
      SessionPinningFilters: xmlList("member", pool.SessionPinningFilters),
      InitQuery: pool.InitQuery,
    },
    CreatedDate: new Date(p.row.created_at),
    UpdatedDate: new Date(p.row.updated_at),
  };
}

async function targetsXml(svc: ProxyService, p: Proxy): Promise<XmlValue[]> {
  return Promise.all(
    p.targets.map(async (id) => {
      let port: number | undefined;
      let resourceId: string | undefined;
      try {
        const r = svc.instances.row(id);
        port = r.port;
        resourceId = r.resource_id;
      } catch {
        /* deleted meanwhile */
      }
      return {
        TargetArn: `${svc.arnPrefix}db:${id}`,
        Endpoint: "127.0.0.1",
        RdsResourceId: id,
        Port: port,
        Type: "RDS_INSTANCE",
        Role: "READ_WRITE",
        TargetHealth: await targetHealth(svc, p, id),
        ...(resourceId ? {} : {}),
      };
    }),
  );
}

function authOf(p: QueryParams): AuthConfig[] {
  return p.structs("Auth").map((a) => {
    if (!a.SecretArn)
      throw invalidParameter("Auth.SecretArn is required for the SECRETS auth scheme.");
    const iam = a.IAMAuth ?? "DISABLED";
    if (!["DISABLED", "REQUIRED", "ENABLED"].includes(iam))
      throw invalidParameter(`Invalid IAMAuth value: ${iam}`);
    return {
      Description: a.Description,
      UserName: a.UserName,
      AuthScheme: a.AuthScheme ?? "SECRETS",
      SecretArn: a.SecretArn,
      IAMAuth: iam,
      ClientPasswordAuthType: a.ClientPasswordAuthType ?? "POSTGRES_SCRAM_SHA_256",
    };
  });
}

function poolOf(p: QueryParams): Partial<PoolConfig> {
  const c = p.struct("ConnectionPoolConfig") ?? {};
  const out: Partial<PoolConfig> = {};
  const pct = (k: "MaxConnectionsPercent" | "MaxIdleConnectionsPercent") => {
    const v = c[k];
    if (v === undefined) return;
    const n = Number(v);
    if (!Number.isInteger(n) || n < (k === "MaxConnectionsPercent" ? 1 : 0) || n > 100)
      throw invalidParameter(
        `${k} must be an integer between ${k === "MaxConnectionsPercent" ? 1 : 0} and 100.`,
      );
    out[k] = n;
  };
  pct("MaxConnectionsPercent");
  pct("MaxIdleConnectionsPercent");
  if (c.ConnectionBorrowTimeout !== undefined) {
    const n = Number(c.ConnectionBorrowTimeout);
    if (!Number.isInteger(n) || n < 0 || n > 3600)
      throw invalidParameter("ConnectionBorrowTimeout must be between 0 and 3600 seconds.");
    out.ConnectionBorrowTimeout = n;
  }
  if (c.InitQuery !== undefined) out.InitQuery = c.InitQuery || undefined;
  const filters = p.list("ConnectionPoolConfig.SessionPinningFilters");
  if (filters.length) out.SessionPinningFilters = filters;
  return out;
}

export function proxyActions(svc: ProxyService) {
  const one = (action: string, p: Proxy) => queryResponse(action, { DBProxy: proxyXml(svc, p) });
  return {
    async CreateDBProxy(p: QueryParams) {
      const name = checkIdentifier(p.required("DBProxyName"), "DBProxyName");
      const family = p.required("EngineFamily");
      if (family !== "POSTGRESQL")
        throw invalidParameter(
          `The local engine's proxies support EngineFamily POSTGRESQL only, not ${family}.`,
        );
      const auth = authOf(p);
      if (auth.length === 0)
        throw invalidParameter("The parameter Auth must be provided and must not be empty.");
      const idle = p.int("IdleClientTimeout") ?? 1800;
      if (idle < 1 || idle > 28_800)
        throw invalidParameter("IdleClientTimeout must be between 1 and 28800 seconds.");
      const config: ProxyConfig = {
        EngineFamily: family,
        Auth: auth,
        RoleArn: p.required("RoleArn"),
        VpcSubnetIds: p.list("VpcSubnetIds"),
        VpcSecurityGroupIds: p.list("VpcSecurityGroupIds"),
        RequireTLS: p.bool("RequireTLS") ?? false,
        IdleClientTimeout: idle,
        DebugLogging: p.bool("DebugLogging") ?? false,
      };
      return one("CreateDBProxy", await svc.create(name, config));
    },
    DescribeDBProxies(p: QueryParams) {
      const name = p.str("DBProxyName");
      const list = name !== undefined ? [svc.get(name)] : svc.list();
      return queryResponse("DescribeDBProxies", {
        DBProxies: xmlList(
          "member",
          list.map((x) => proxyXml(svc, x)),
        ),
      });
    },
    ModifyDBProxy(p: QueryParams) {
      const name = p.required("DBProxyName");
      if (p.str("NewDBProxyName") !== undefined && p.str("NewDBProxyName") !== name)
        throw invalidParameter("The local engine cannot rename a DB proxy: create a new one.");
      const changes: Partial<ProxyConfig> = {};
      const auth = authOf(p);
      if (auth.length) changes.Auth = auth;
      const tls = p.bool("RequireTLS");
      if (tls !== undefined) changes.RequireTLS = tls;
      const idle = p.int("IdleClientTimeout");
      if (idle !== undefined) changes.IdleClientTimeout = idle;
      const debug = p.bool("DebugLogging");
      if (debug !== undefined) changes.DebugLogging = debug;
      const role = p.str("RoleArn");
      if (role !== undefined) changes.RoleArn = role;
      const groups = p.list("SecurityGroups");
      if (groups.length) changes.VpcSecurityGroupIds = groups;
      return one("ModifyDBProxy", svc.modify(name, changes));
    },
    DeleteDBProxy: (p: QueryParams) => one("DeleteDBProxy", svc.delete(p.required("DBProxyName"))),
    async RegisterDBProxyTargets(p: QueryParams) {
      const ids = p.list("DBInstanceIdentifiers");
      if (p.list("DBClusterIdentifiers").length)
        throw invalidParameter("The local engine has no DB clusters: register DB instances.");
      const proxy = svc.register(p.required("DBProxyName"), p.str("TargetGroupName"), ids);
      const all = await targetsXml(svc, proxy);
      return queryResponse("RegisterDBProxyTargets", { DBProxyTargets: xmlList("member", all) });
    },
    DeregisterDBProxyTargets(p: QueryParams) {
      svc.deregister(
        p.required("DBProxyName"),
        p.str("TargetGroupName"),
        p.list("DBInstanceIdentifiers"),
      );
      return queryResponse("DeregisterDBProxyTargets", {});
    },
    async DescribeDBProxyTargets(p: QueryParams) {
      const proxy = svc.get(p.required("DBProxyName"));
      svc.checkGroup(p.str("TargetGroupName"));
      return queryResponse("DescribeDBProxyTargets", {
        Targets: xmlList("member", await targetsXml(svc, proxy)),
      });
    },
    DescribeDBProxyTargetGroups(p: QueryParams) {
      const proxy = svc.get(p.required("DBProxyName"));
      svc.checkGroup(p.str("TargetGroupName"));
      return queryResponse("DescribeDBProxyTargetGroups", {
        TargetGroups: xmlList("member", [groupXml(svc, proxy)]),
      });
    },
    ModifyDBProxyTargetGroup(p: QueryParams) {
      const proxy = svc.modifyPool(
        p.required("DBProxyName"),
        p.required("TargetGroupName"),
        poolOf(p),
      );
      return queryResponse("ModifyDBProxyTargetGroup", {
        DBProxyTargetGroup: groupXml(svc, proxy),
      });
    },
  };
}
