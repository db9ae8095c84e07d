import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { runPsql } from "./psql";
import { Supervised } from "./supervised";
import {
  postgresBinDir,
  rdsRoot,
  serverDir,
  writeServerFile,
  type ServerUser,
} from "./server-user";

export interface ClusterSpec {
  /** Where the cluster lives: <dataDir>/rds/instances/<id> */
  dataDir: string;
  id: string;
  port: number;
  user: ServerUser;
}

/** Runs a program as the server user; resolves with stdout, rejects with its stderr. */
function run(file: string, args: string[], user: ServerUser, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(file, args, { env: user.env, uid: user.uid, gid: user.gid, cwd: "/" });
    let out = "";
    let err = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (err += c));
    p.once("error", reject);
    p.once("exit", (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${path.basename(file)}: ${err.trim() || code}`)),
    );
    p.stdin.end(input);
  });
}

/** A real PostgreSQL cluster of one DB instance, in the engine's data dir, on 127.0.0.1:<port>. */
export class PostgresCluster {
  readonly dir: string;
  private server: Supervised | undefined;

  constructor(private readonly spec: ClusterSpec) {
    this.dir = path.join(rdsRoot(spec.dataDir, spec.user), "instances", spec.id);
  }

  private get pgdata(): string {
    return path.join(this.dir, "pgdata");
  }

  static bin(name: string): string {
    const dir = postgresBinDir();
    if (!dir) throw new Error("PostgreSQL is not installed (Debian package postgresql)");
    return path.join(dir, name);
  }

  exists(): boolean {
    return fs.existsSync(path.join(this.pgdata, "PG_VERSION"));
  }

  /** initdb with the master user and password; SCRAM for every TCP login. */
  async init(masterUser: string, password: string): Promise<void> {
    const { user } = this.spec;
    serverDir(this.spec.dataDir, user, "instances", this.spec.id);
    const pwfile = path.join(this.dir, "pwfile");
    writeServerFile(pwfile, `${password}\n`, user);
    try {
      await run(
        PostgresCluster.bin("initdb"),
        [
          "-D",
          this.pgdata,
          "-U",
          masterUser,
          `--pwfile=${pwfile}`,
          "-E",
          "UTF8",
          "--locale=C.UTF-8",
          "--auth-host=scram-sha-256",
          "--auth-local=scram-sha-256",
          "--no-instructions",
        ],
        user,
      );
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }

  async start(): Promise<void> {
    this.server = new Supervised({
      name: `postgres ${this.spec.id}`,
      file: PostgresCluster.bin("postgres"),
      args: [
        "-D",
        this.pgdata,
        "-p",
        String(this.spec.port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "password_encryption=scram-sha-256",
      ],
      user: this.spec.user,
      port: this.spec.port,
      restart: true,
    });
    await this.server.start(60_000);
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  async remove(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Runs SQL as `user` over TCP (psql, tuples only); resolves with the output. PostgreSQL's port
   * accepts before the server does ("the database system is starting up"): such a refusal is
   * retried for up to a minute, any other error is the caller's.
   */
  async query(
    sql: string,
    login: { user: string; password: string; database?: string },
  ): Promise<string> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        return await runPsql(
          {
            port: this.spec.port,
            user: login.user,
            password: login.password,
            database: login.database ?? "postgres",
            connectTimeoutSeconds: 10,
          },
          ["-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
        );
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (!STARTING_UP.test(message) || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

const STARTING_UP = /the database system is (starting up|not yet accepting connections)/;

/** A SQL string literal / identifier, quoted as PostgreSQL quotes them. */
export const sqlLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const sqlIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
