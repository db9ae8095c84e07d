import crypto from "node:crypto";
import type { EngineContext } from "../context";
import type { SecretLookup } from "../http/sigv4";
import type { SecretStore } from "../secrets/store";
import { Bouncer } from "./pgbouncer";
import type { InstanceService } from "./instances";
import { RdsError, invalidParameter } from "./query";
import { serverUser } from "./server-user";
import { freePort } from "./supervised";

export interface AuthConfig {
  Description?: string;
  UserName?: string;
  AuthScheme: string;
  SecretArn: string;
  IAMAuth: string;
  ClientPasswordAuthType?: string;
}
export interface ProxyConfig {
  EngineFamily: string;
  Auth: AuthConfig[];
  RoleArn: string;
  VpcSubnetIds: string[];
  VpcSecurityGroupIds: string[];
  RequireTLS: boolean;
  IdleClientTimeout: number;
  DebugLogging: boolean;
}
export interface PoolConfig {
  MaxConnectionsPercent: number;
  MaxIdleConnectionsPercent: number;
  ConnectionBorrowTimeout: number;
  SessionPinningFilters: string[];
  InitQuery?: string;
}
export interface ProxyRow {
  name: string;
  resource_id: string;
  port: number;
  config: string;
  pool: string;
  status: string;
  created_at: number;
  updated_at: number;
}
export interface Proxy {
  row: ProxyRow;
  config: ProxyConfig;
  pool: PoolConfig;
  endpoint: string;
  targets: string[];
}

const proxyNotFound = (name: string) =>
  new RdsError("DBProxyNotFoundFault", `DBProxy ${name} not found.`, 404);

const DEFAULT_POOL: PoolConfig = {
  MaxConnectionsPercent: 100,
  MaxIdleConnectionsPercent: 50,
  ConnectionBorrowTimeout: 120,
  SessionPinningFilters: [],
};

/** RDS proxies: one PgBouncer each, configured from the proxy's secrets and its target instance. */
export class ProxyService {
  private readonly bouncers = new Map<string, Bouncer>();
  private readonly user = serverUser();
  private readonly queue = new Map<string, Promise<void>>();
  /** The engine's credentials: IAM auth tokens are signed with its key or a function's session key. */
  lookup: SecretLookup | undefined;

  constructor(
    readonly ctx: EngineContext,
    readonly secrets: SecretStore,
    readonly instances: InstanceService,
  ) {
    secrets.onChange((arn) => {
      for (const p of this.list())
        if (p.config.Auth.some((a) => a.SecretArn === arn)) this.reapply(p.row.name);
    });
    instances.onChange = (id) => {
      for (const p of this.list()) if (p.targets.includes(id)) this.reapply(p.row.name);
    };
  }

  get arnPrefix(): string {
    return `arn:aws:rds:${this.ctx.config.region}:${this.ctx.config.accountId}:`;
  }

  private load(row: ProxyRow): Proxy {
    const label = crypto.createHash("sha256").update(row.resource_id).digest("hex").slice(0, 12);
    const targets = (
      this.ctx.db
        .prepare("SELECT instance_id FROM db_proxy_targets WHERE proxy_name = ?")
        .all(row.name) as { instance_id: string }[]
    ).map((t) => t.instance_id);
    return {
      row,
      config: JSON.parse(row.config) as ProxyConfig,
      pool: JSON.parse(row.pool) as PoolConfig,
      endpoint: `${row.name}.proxy-${label}.${this.ctx.config.region}.rds.amazonaws.com`,
      targets,
    };
  }

  get(name: string): Proxy {
    const row = this.ctx.db.prepare("SELECT * FROM db_proxies WHERE name = ?").get(name) as
      ProxyRow | undefined;
    if (!row) throw proxyNotFound(name);
    return this.load(row);
  }

  list(): Proxy[] {
    return (
      this.ctx.db.prepare("SELECT * FROM db_proxies ORDER BY created_at").all() as ProxyRow[]
    ).map((r) => this.load(r));
  }

  private save(name: string, fields: Partial<Pick<ProxyRow, "config" | "pool" | "status">>): void {
    for (const [k, v] of Object.entries(fields))
      this.ctx.db
        .prepare(`UPDATE db_proxies SET ${k} = ?, updated_at = ? WHERE name = ?`)
        .run(v, Date.now(), name);
  }

  async create(name: string, config: ProxyConfig): Promise<Proxy> {
    if (this.ctx.db.prepare("SELECT 1 FROM db_proxies WHERE name = ?").get(name))
      throw new RdsError(
        "DBProxyAlreadyExistsFault",
        `Cannot create the DBProxy because a DBProxy with the name ${name} already exists.`,
      );
    const now = Date.now();
    const resourceId = `prx-${crypto.randomBytes(9).toString("hex").slice(0, 17)}`;
    this.ctx.db
      .prepare(
        "INSERT INTO db_proxies (name, resource_id, port, config, pool, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'creating', ?, ?)",
      )
      .run(
        name,
        resourceId,
        await freePort(),
        JSON.stringify(config),
        JSON.stringify(DEFAULT_POOL),
        now,
        now,
      );
    this.reapply(name);
    return this.get(name);
  }

  /** Writes the PgBouncer config from the proxy's current state and (re)starts or reloads it; serialized per proxy. */
  reapply(name: string): Promise<void> {
    const prev = this.queue.get(name) ?? Promise.resolve();
    const next = prev
      .then(() => this.apply(name))
      .catch((err: Error) => {
        console.error(`[engine] proxy ${name}: ${err.message}`);
        try {
          this.save(name, { status: "incompatible-network" });
        } catch {
          /* gone */
        }
      });
    this.queue.set(name, next);
    return next;
  }

  private async apply(name: string): Promise<void> {
    let p: Proxy;
    try {
      p = this.get(name);
    } catch {
      return;
    }
    if (p.row.status === "deleting") return;
    const targetId = p.targets[0];
    let targetPort: number | undefined;
    let maxConnections = 100;
    if (targetId) {
      try {
        const inst = this.instances.row(targetId);
        const cluster = this.instances.clusters.get(inst.id);
        if (inst.status === "available" && cluster) {
          targetPort = inst.port;
          maxConnections =
            Number(await cluster.query("SHOW max_connections", this.instances.adminLogin(inst))) ||
            100;
        }
      } catch {
        /* target gone or down: no database until it is back */
      }
    }
    const users = p.config.Auth.flatMap((a) => {
      const v = this.secrets.currentJson(a.SecretArn);
      return typeof v?.username === "string" && typeof v.password === "string"
        ? [{ name: v.username, password: v.password }]
        : [];
    });
    const max = Math.max(1, Math.floor((maxConnections * p.pool.MaxConnectionsPercent) / 100));
    let bouncer = this.bouncers.get(name);
    if (!bouncer) {
      bouncer = new Bouncer(this.ctx.config.dataDir, name, this.user);
      this.bouncers.set(name, bouncer);
    }
    await bouncer.apply({
      port: p.row.port,
      targetPort,
      maxDbConnections: max,
      minPoolSize: 0,
      queryWaitTimeout: p.pool.ConnectionBorrowTimeout,
      clientIdleTimeout: p.config.IdleClientTimeout,
      requireTls: p.config.RequireTLS,
      initQuery: p.pool.InitQuery,
      users,
    });
    if (p.row.status !== "available") this.save(name, { status: "available" });
  }

  bouncer(name: string): Bouncer | undefined {
    return this.bouncers.get(name);
  }

  modify(name: string, changes: Partial<ProxyConfig>): Proxy {
    const p = this.get(name);
    if (p.row.status !== "available")
      throw new RdsError(
        "InvalidDBProxyStateFault",
        `DBProxy ${name} is not in the available state.`,
      );
    this.save(name, { config: JSON.stringify({ ...p.config, ...changes }) });
    void this.reapply(name);
    return this.get(name);
  }

  modifyPool(name: string, group: string, changes: Partial<PoolConfig>): Proxy {
    const p = this.get(name);
    this.checkGroup(group);
    const pool = { ...p.pool, ...changes };
    if (pool.MaxIdleConnectionsPercent > pool.MaxConnectionsPercent)
      throw invalidParameter(
        "MaxIdleConnectionsPercent must be less than or equal to MaxConnectionsPercent.",
      );
    this.save(name, { pool: JSON.stringify(pool) });
    void this.reapply(name);
    return this.get(name);
  }

  checkGroup(group: string | undefined): void {
    if (group !== undefined && group !== "default")
      throw new RdsError(
        "DBProxyTargetGroupNotFoundFault",
        `DBProxyTargetGroup ${group} not found.`,
        404,
      );
  }

  register(name: string, group: string | undefined, ids: string[]): Proxy {
    const p = this.get(name);
    this.checkGroup(group);
    for (const id of ids) {
      const inst = this.instances.row(id);
      if (p.targets.includes(inst.id))
        throw new RdsError(
          "DBProxyTargetAlreadyRegisteredFault",
          `DBProxy target ${inst.id} is already registered with DBProxy ${name}.`,
        );
    }
    if (p.targets.length + ids.length > 1)
      throw invalidParameter("A DB proxy target group can have only one DB instance target.");
    for (const id of ids)
      this.ctx.db
        .prepare("INSERT INTO db_proxy_targets (proxy_name, instance_id) VALUES (?, ?)")
        .run(name, id.toLowerCase());
    void this.reapply(name);
    return this.get(name);
  }

  deregister(name: string, group: string | undefined, ids: string[]): void {
    const p = this.get(name);
    this.checkGroup(group);
    for (const id of ids)
      if (!p.targets.includes(id.toLowerCase()))
        throw new RdsError("DBProxyTargetNotFoundFault", `DBProxy target ${id} not found.`, 404);
    for (const id of ids)
      this.ctx.db
        .prepare("DELETE FROM db_proxy_targets WHERE proxy_name = ? AND instance_id = ?")
        .run(name, id.toLowerCase());
    void this.reapply(name);
  }

  delete(name: string): Proxy {
    const p = this.get(name);
    this.save(name, { status: "deleting" });
    const b = this.bouncers.get(name);
    this.bouncers.delete(name);
    void (async () => {
      await this.queue.get(name);
      await b?.remove();
      this.ctx.db.prepare("DELETE FROM db_proxies WHERE name = ?").run(name);
    })();
    return { ...p, row: { ...p.row, status: "deleting" } };
  }

  async startAll(): Promise<void> {
    for (const p of this.list()) {
      if (p.row.status === "deleting") {
        this.ctx.db.prepare("DELETE FROM db_proxies WHERE name = ?").run(p.row.name);
        continue;
      }
      void this.reapply(p.row.name);
    }
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.queue.values()]);
    await Promise.all([...this.bouncers.values()].map((b) => b.stop()));
  }
}
