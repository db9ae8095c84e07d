import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { runPsql } from "./psql";
import { Supervised } from "./supervised";
import { pgbouncerBinary, serverDir, writeServerFile, type ServerUser } from "./server-user";

export interface BouncerSettings {
  port: number;
  /** The target's 127.0.0.1 port, or none (no registered target: every client is refused). */
  targetPort?: number;
  /** Backend connections the pool may open (MaxConnectionsPercent of max_connections). */
  maxDbConnections: number;
  /** Idle backends kept (MaxIdleConnectionsPercent). */
  minPoolSize: number;
  /** ConnectionBorrowTimeout: how long a client waits for a backend (s). */
  queryWaitTimeout: number;
  /** IdleClientTimeout (s). */
  clientIdleTimeout: number;
  requireTls: boolean;
  initQuery?: string;
  /** Database users and their passwords (from the proxy's secrets). */
  users: { name: string; password: string }[];
}

const quoteUserlist = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A self-signed certificate for every proxy of this data dir (RDS Proxy speaks TLS; ours too). */
function tlsFiles(dataDir: string, user: ServerUser): { key: string; cert: string } {
  const dir = serverDir(dataDir, user, "proxy-tls");
  const key = path.join(dir, "proxy.key");
  const cert = path.join(dir, "proxy.crt");
  if (!fs.existsSync(cert)) {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "3650",
        "-subj",
        "/CN=*.proxy.rds.local",
        "-keyout",
        key,
        "-out",
        cert,
      ],
      { stdio: "ignore" },
    );
    if (user.uid !== undefined && user.gid !== undefined) {
      fs.chownSync(key, user.uid, user.gid);
      fs.chownSync(cert, user.uid, user.gid);
    }
    fs.chmodSync(key, 0o600);
  }
  return { key, cert };
}

/** One proxy's PgBouncer (transaction pooling): config and auth file written here, SIGHUP to reload. */
export class Bouncer {
  readonly dir: string;
  private proc: Supervised | undefined;
  readonly adminUser = "pgbouncer_admin";
  private readonly adminPassword = crypto.randomBytes(18).toString("base64url");
  readonly tls: { key: string; cert: string };

  constructor(
    private readonly dataDir: string,
    readonly name: string,
    private readonly user: ServerUser,
  ) {
    this.dir = serverDir(dataDir, user, "proxies", name);
    this.tls = tlsFiles(dataDir, user);
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }
  get restarts(): number {
    return this.proc?.restarts ?? 0;
  }

  private write(s: BouncerSettings): string {
    const ini = path.join(this.dir, "pgbouncer.ini");
    const userlist = path.join(this.dir, "userlist.txt");
    const users = [...s.users, { name: this.adminUser, password: this.adminPassword }];
    writeServerFile(
      userlist,
      users.map((u) => `${quoteUserlist(u.name)} ${quoteUserlist(u.password)}`).join("\n") + "\n",
      this.user,
    );
    const connectQuery = s.initQuery ? ` connect_query='${s.initQuery.replace(/'/g, "''")}'` : "";
    const lines = [
      "[databases]",
      s.targetPort !== undefined ? `* = host=127.0.0.1 port=${s.targetPort}${connectQuery}` : "",
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${s.port}`,
      "unix_socket_dir =",
      "auth_type = scram-sha-256",
      `auth_file = ${userlist}`,
      "pool_mode = transaction",
      "max_client_conn = 5000",
      `default_pool_size = ${Math.max(1, s.maxDbConnections)}`,
      `max_db_connections = ${Math.max(1, s.maxDbConnections)}`,
      `min_pool_size = ${s.minPoolSize}`,
      "reserve_pool_size = 0",
      `query_wait_timeout = ${s.queryWaitTimeout}`,
      `client_idle_timeout = ${s.clientIdleTimeout}`,
      "server_idle_timeout = 60",
      "server_login_retry = 1",
      `admin_users = ${this.adminUser}`,
      `stats_users = ${this.adminUser}`,
      "ignore_startup_parameters = extra_float_digits,options,search_path",
      `client_tls_sslmode = ${s.requireTls ? "require" : "allow"}`,
      `client_tls_key_file = ${this.tls.key}`,
      `client_tls_cert_file = ${this.tls.cert}`,
      "log_connections = 0",
      "log_disconnections = 0",
    ];
    writeServerFile(ini, lines.join("\n") + "\n", this.user);
    return ini;
  }

  /** Writes the config; starts PgBouncer, or reloads it (in-flight transactions go on). */
  async apply(s: BouncerSettings): Promise<void> {
    const ini = this.write(s);
    if (this.proc?.pid) {
      this.proc.signal("SIGHUP");
      return;
    }
    const bin = pgbouncerBinary();
    if (!bin) throw new Error("PgBouncer is not installed (Debian package pgbouncer)");
    this.proc = new Supervised({
      name: `pgbouncer ${this.name}`,
      file: bin,
      args: [ini],
      user: this.user,
      port: s.port,
      restart: true,
    });
    await this.proc.start();
  }

  /** Rows of an admin console command (SHOW POOLS, SHOW STATS) as column → value records. */
  admin(port: number, command: string): Promise<Record<string, string>[]> {
    return runPsql(
      {
        port,
        user: this.adminUser,
        password: this.adminPassword,
        database: "pgbouncer",
        connectTimeoutSeconds: 5,
        sslmode: "disable",
      },
      ["-AX", "-F", "\t", "--pset=footer=off", "-c", command],
    ).then((stdout) => {
      const [head, ...rows] = stdout.split("\n");
      const cols = (head ?? "").split("\t");
      return rows
        .filter(Boolean)
        .map((r) => Object.fromEntries(r.split("\t").map((v, i) => [cols[i] ?? String(i), v])));
    });
  }

  async stop(): Promise<void> {
    await this.proc?.stop();
    this.proc = undefined;
  }

  async remove(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** For the crash test and operators: the process as the OS sees it. */
  kill(signal: NodeJS.Signals): void {
    this.proc?.signal(signal);
  }
}
