import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { EnvVars } from "../config";

/**
 * Versions of the host programs the engine's capabilities rest on, for /health and the start
 * output (issue 19). Each program is asked once per path (`--version`), with a short timeout, as
 * a child the engine does not wait on: the start output's check runs while the engine already
 * serves, and must not stall its first requests (issue 18).
 */
export const INSTALL_PACKAGES = "sudo bash scripts/install-system-packages.sh";

interface ToolReport {
  path?: string;
  version?: string;
  problem?: string;
}

const versions = new Map<string, Promise<string | undefined>>();

/** First line of `<bin> --version`, or undefined when it does not run. */
export function versionOf(
  bin: string,
  args: string[] = ["--version"],
): Promise<string | undefined> {
  const key = `${bin}\0${args.join(" ")}`;
  let version = versions.get(key);
  if (!version) {
    version = new Promise((resolve) => {
      execFile(bin, args, { encoding: "utf8", timeout: 3_000 }, (err, stdout, stderr) => {
        const text = `${stdout}${stderr}`.trim().split("\n")[0]?.trim();
        resolve(!err && text ? text : undefined);
      });
    });
    versions.set(key, version);
  }
  return version;
}

async function tool(bin: string | undefined, name: string, pkg: string): Promise<ToolReport> {
  if (!bin || !fs.existsSync(bin))
    return { path: bin, problem: `${name} not installed (Debian package ${pkg})` };
  const version = await versionOf(bin);
  return version ? { path: bin, version } : { path: bin, problem: `${bin} --version failed` };
}

/** The first of PATH's directories holding `name`. */
export function onPath(name: string, env: EnvVars): string | undefined {
  for (const dir of (env.PATH ?? "/usr/bin:/bin").split(":"))
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

/** PostgreSQL's server binaries: LAMBDA_ENGINE_POSTGRES_BIN_DIR, else the newest Debian cluster version's. */
function postgresBinDir(env: EnvVars): string | undefined {
  if (env.LAMBDA_ENGINE_POSTGRES_BIN_DIR) return env.LAMBDA_ENGINE_POSTGRES_BIN_DIR;
  const root = "/usr/lib/postgresql";
  let majors: string[] = [];
  try {
    majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(root, newest, "bin") : undefined;
}

export interface DatabasesHealth {
  status: "ok" | "degraded";
  postgresql: ToolReport;
  pgbouncer: ToolReport;
  problem?: string;
  fix?: string;
}

/** What the database proxies (RDS) need on this host: PostgreSQL's server and PgBouncer. */
export async function databasesHealth(env: EnvVars): Promise<DatabasesHealth> {
  const dir = postgresBinDir(env);
  const [postgresql, pgbouncer] = await Promise.all([
    tool(dir && path.join(dir, "postgres"), "PostgreSQL", "postgresql"),
    tool(
      env.LAMBDA_ENGINE_PGBOUNCER ?? onPath("pgbouncer", { PATH: `${env.PATH ?? ""}:/usr/sbin` }),
      "PgBouncer",
      "pgbouncer",
    ),
  ]);
  const problems = [postgresql.problem, pgbouncer.problem].filter(Boolean);
  if (problems.length === 0) return { status: "ok", postgresql, pgbouncer };
  return {
    status: "degraded",
    postgresql,
    pgbouncer,
    problem: `Databases (RDS) are unavailable: ${problems.join("; ")}.`,
    fix: INSTALL_PACKAGES,
  };
}
