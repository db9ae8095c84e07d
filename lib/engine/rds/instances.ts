import crypto from "node:crypto";
import type { EngineContext } from "../context";
import type { SecretStore } from "../secrets/store";
import { PostgresCluster, sqlIdent, sqlLiteral } from "./postgres-cluster";
import { RdsError, invalidParameter } from "./query";
import { serverUser, type ServerUser } from "./server-user";
import { freePort } from "./supervised";

export interface InstanceRow {
  id: string;
  resource_id: string;
  port: number;
  master_username: string;
  secret_arn: string | null;
  db_name: string | null;
  config: string;
  status: string;
  created_at: number;
}

export interface InstanceConfig {
  DBInstanceClass: string;
  AllocatedStorage: number;
  EngineVersion: string;
  DeletionProtection: boolean;
  Tags: { Key: string; Value: string }[];
  /**
   * The engine's own superuser's password (rdsadmin, as on RDS). The master user is not a
   * superuser: it cannot read the server's files or run programs as the postgres OS user.
   */
  adminPassword: string;
}

/** The engine's own superuser in every cluster (RDS's name for its own). */
const ADMIN_USER = "rdsadmin";

const instanceNotFound = (id: string) =>
  new RdsError("DBInstanceNotFound", `DBInstance ${id} not found.`, 404);

const ID = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}$/;

export function checkIdentifier(id: string, param = "DBInstanceIdentifier"): string {
  if (!ID.test(id) || id.endsWith("-"))
    throw invalidParameter(
      `The parameter ${param} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`,
    );
  return id.toLowerCase();
}

/** DB instances: one real PostgreSQL cluster each, started with the engine, removed on delete. */
export class InstanceService {
  readonly clusters = new Map<string, PostgresCluster>();
  private readonly user: ServerUser;
  private readonly pending = new Set<Promise<unknown>>();
  /** Called when an instance becomes available or goes away (proxies follow their targets). */
  onChange: (id: string) => void = () => {};

  constructor(
    private readonly ctx: EngineContext,
    private readonly secrets: SecretStore,
  ) {
    this.user = serverUser();
  }

  get arnPrefix(): string {
    return `arn:aws:rds:${this.ctx.config.region}:${this.ctx.config.accountId}:`;
  }

  row(id: string): InstanceRow {
    const r = this.ctx.db
      .prepare("SELECT * FROM db_instances WHERE id = ?")
      .get(id.toLowerCase()) as InstanceRow | undefined;
    if (!r) throw instanceNotFound(id);
    return r;
  }

  list(): InstanceRow[] {
    return this.ctx.db
      .prepare("SELECT * FROM db_instances ORDER BY created_at")
      .all() as InstanceRow[];
  }

  private setStatus(id: string, status: string): void {
    this.ctx.db.prepare("UPDATE db_instances SET status = ? WHERE id = ?").run(status, id);
  }

  /** The engine's superuser login, for administration (never handed out). */
  adminLogin(r: InstanceRow): { user: string; password: string } {
    const cfg = JSON.parse(r.config) as InstanceConfig;
    return { user: ADMIN_USER, password: cfg.adminPassword };
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => {});
    return p;
  }

  async create(input: {
    id: string;
    masterUsername: string;
    password?: string;
    manage: boolean;
    dbName?: string;
    config: Omit<InstanceConfig, "adminPassword">;
  }): Promise<InstanceRow> {
    const id = input.id;
    if (this.ctx.db.prepare("SELECT 1 FROM db_instances WHERE id = ?").get(id))
      throw new RdsError("DBInstanceAlreadyExists", "DB instance already exists");
    const port = await freePort();
    const resourceId = `db-${crypto
      .randomBytes(13)
      .toString("base64url")
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "X")
      .slice(0, 26)}`;
    let password = input.password;
    let secretArn: string | null = null;
    if (input.manage) {
      password = crypto.randomBytes(24).toString("base64url");
      secretArn = this.secrets.create({
        name: `rds!${resourceId.toLowerCase()}`,
        value: { string: JSON.stringify({ username: input.masterUsername, password }) },
        description: `Secret associated with primary RDS DB instance: ${this.arnPrefix}db:${id}`,
        owningService: "rds",
      }).arn;
    }
    const config: InstanceConfig = {
      ...input.config,
      adminPassword: crypto.randomBytes(24).toString("base64url"),
    };
    this.ctx.db
      .prepare(
        "INSERT INTO db_instances (id, resource_id, port, master_username, secret_arn, db_name, config, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'creating', ?)",
      )
      .run(
        id,
        resourceId,
        port,
        input.masterUsername,
        secretArn,
        input.dbName ?? null,
        JSON.stringify(config),
        Date.now(),
      );
    const cluster = this.cluster(id, port);
    void this.track(
      (async () => {
        const admin = { user: ADMIN_USER, password: config.adminPassword };
        await cluster.init(ADMIN_USER, config.adminPassword);
        await cluster.start();
        // The master user as RDS makes it: may create databases and roles, sees the server's
        // activity, owns what it creates; not a superuser.
        const master = sqlIdent(input.masterUsername);
        await cluster.query(
          `CREATE ROLE ${master} LOGIN CREATEDB CREATEROLE PASSWORD ${sqlLiteral(password ?? "")}; ` +
            `GRANT pg_monitor, pg_signal_backend TO ${master}; ` +
            `GRANT ALL ON DATABASE postgres TO ${master}; GRANT ALL ON SCHEMA public TO ${master}`,
          admin,
        );
        if (input.dbName && input.dbName !== "postgres")
          await cluster.query(`CREATE DATABASE ${sqlIdent(input.dbName)} OWNER ${master}`, admin);
        this.setStatus(id, "available");
        this.onChange(id);
      })().catch((err: Error) => {
        console.error(`[engine] DB instance ${id} failed: ${err.message}`);
        this.setStatus(id, "failed");
      }),
    );
    return this.row(id);
  }

  private cluster(id: string, port: number): PostgresCluster {
    const c = new PostgresCluster({ dataDir: this.ctx.config.dataDir, id, port, user: this.user });
    this.clusters.set(id, c);
    return c;
  }

  /** At engine start: every instance's cluster runs again (on its port, or a new one if taken). */
  async startAll(): Promise<void> {
    for (const r of this.list()) {
      if (r.status === "deleting") {
        void this.track(this.finishDelete(r.id));
        continue;
      }
      const c = this.cluster(r.id, r.port);
      if (!c.exists()) {
        this.setStatus(r.id, "failed");
        continue;
      }
      // "starting" (an RDS status) until the server accepts connections: "available" from before
      // the restart would send clients to a port nothing listens on yet.
      this.setStatus(r.id, "starting");
      void this.track(
        c.start().then(
          () => {
            this.setStatus(r.id, "available");
            this.onChange(r.id);
          },
          (err: Error) => {
            console.error(`[engine] DB instance ${r.id} did not start: ${err.message}`);
            this.setStatus(r.id, "failed");
          },
        ),
      );
    }
  }

  async modify(
    id: string,
    changes: { password?: string; manage?: boolean; config: Partial<InstanceConfig> },
  ): Promise<InstanceRow> {
    const r = this.row(id);
    if (r.status !== "available")
      throw new RdsError("InvalidDBInstanceState", `Database instance is not in available state.`);
    const cfg = { ...(JSON.parse(r.config) as InstanceConfig), ...changes.config };
    const cluster = this.clusters.get(r.id);
    const login = this.adminLogin(r);
    let secretArn = r.secret_arn;
    let newPassword = changes.password;
    if (changes.manage === true && !secretArn) {
      newPassword = crypto.randomBytes(24).toString("base64url");
      secretArn = this.secrets.create({
        name: `rds!${r.resource_id.toLowerCase()}`,
        value: { string: JSON.stringify({ username: r.master_username, password: newPassword }) },
        owningService: "rds",
      }).arn;
    } else if (newPassword !== undefined) {
      if (secretArn)
        throw new RdsError(
          "InvalidParameterCombination",
          "You can't specify MasterUserPassword for an instance that has ManageMasterUserPassword enabled.",
        );
    }
    if (newPassword !== undefined && cluster)
      await cluster.query(
        `ALTER ROLE ${sqlIdent(r.master_username)} PASSWORD ${sqlLiteral(newPassword)}`,
        login,
      );
    this.ctx.db
      .prepare("UPDATE db_instances SET config = ?, secret_arn = ? WHERE id = ?")
      .run(JSON.stringify(cfg), secretArn, r.id);
    return this.row(r.id);
  }

  async reboot(id: string): Promise<InstanceRow> {
    const r = this.row(id);
    if (r.status !== "available")
      throw new RdsError("InvalidDBInstanceState", `Database instance is not in available state.`);
    const c = this.clusters.get(r.id);
    this.setStatus(r.id, "rebooting");
    const row = this.row(r.id);
    void this.track(
      (async () => {
        await c?.stop();
        await c?.start();
        this.setStatus(r.id, "available");
        this.onChange(r.id);
      })().catch(() => this.setStatus(r.id, "failed")),
    );
    return row;
  }

  delete(id: string): InstanceRow {
    const r = this.row(id);
    const cfg = JSON.parse(r.config) as InstanceConfig;
    if (cfg.DeletionProtection)
      throw new RdsError(
        "InvalidParameterCombination",
        "Cannot delete protected DB Instance, please disable deletion protection and try again.",
      );
    if (r.status === "deleting" || r.status === "creating")
      throw new RdsError(
        "InvalidDBInstanceState",
        `Instance ${r.id} is already being ${r.status === "deleting" ? "deleted" : "created"}.`,
      );
    this.setStatus(r.id, "deleting");
    const row = this.row(r.id);
    void this.track(this.finishDelete(r.id));
    return row;
  }

  private async finishDelete(id: string): Promise<void> {
    const c = this.clusters.get(id) ?? this.cluster(id, 0);
    await c.remove();
    this.clusters.delete(id);
    const r = this.ctx.db.prepare("SELECT secret_arn FROM db_instances WHERE id = ?").get(id) as
      { secret_arn: string | null } | undefined;
    // RDS deletes the secret it manages along with the instance.
    if (r?.secret_arn)
      try {
        this.secrets.delete(r.secret_arn, true, 0);
      } catch {
        /* already gone */
      }
    this.ctx.db.prepare("DELETE FROM db_instances WHERE id = ?").run(id);
    this.onChange(id);
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await Promise.all([...this.clusters.values()].map((c) => c.stop()));
  }
}
