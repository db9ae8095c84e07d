import { execFile } from "node:child_process";

/** Where and as whom psql connects: always 127.0.0.1 over TCP, password in the environment. */
export interface PsqlLogin {
  port: number;
  user: string;
  password: string;
  database: string;
  /** PGCONNECT_TIMEOUT, in seconds. */
  connectTimeoutSeconds: number;
  /** PGSSLMODE; psql's default when absent. */
  sslmode?: string;
}

/**
 * Runs psql with `args` (output format, -c …) after the connection flags, with an environment of
 * PATH and the login only; resolves with its trimmed stdout or rejects with its stderr.
 */
export function runPsql(login: PsqlLogin, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "psql",
      [
        "-h",
        "127.0.0.1",
        "-p",
        String(login.port),
        "-U",
        login.user,
        "-d",
        login.database,
        ...args,
      ],
      {
        env: {
          PATH: "/usr/bin:/bin",
          PGPASSWORD: login.password,
          PGCONNECT_TIMEOUT: String(login.connectTimeoutSeconds),
          ...(login.sslmode === undefined ? {} : { PGSSLMODE: login.sslmode }),
        } as unknown as NodeJS.ProcessEnv,
      },
      (err, stdout, stderr) =>
        err ? reject(new Error(stderr.trim() || err.message)) : resolve(stdout.trim()),
    );
  });
}
