import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { EnvVars } from "../config";

/**
 * Versions of the host programs the engine's capabilities rest on, for /health and the start
 * output (issue 19). Each program is asked once per path (`--version`), with a short timeout.
 */
export const INSTALL_PACKAGES = "sudo bash scripts/install-system-packages.sh";

interface ToolReport {
  path?: string;
  version?: string;
  problem?: string;
}

const versions = new Map<string, string | undefined>();

/** First line of `<bin> --version`, or undefined when it does not run. */
export function versionOf(bin: string, args: string[] = ["--version"]): string | undefined {
  const key = `${bin}\0${args.join(" ")}`;
  if (!versions.has(key)) {
    const r = spawnSync(bin, args, { encoding: "utf8", timeout: 3_000 });
    const text = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n")[0]?.trim();
    versions.set(key, r.status === 0 && text ? text : undefined);
  }
  return versions.get(key);
}

function tool(bin: string | undefined, name: string, pkg: string): ToolReport {
  if (!bin || !fs.existsSync(bin))
    return { path: bin, problem: `${name} not installed (Debian package ${pkg})` };
  const version = versionOf(bin);
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
export function databasesHealth(env: EnvVars): DatabasesHealth {
  const dir = postgresBinDir(env);
  const postgresql = tool(dir && path.join(dir, "postgres"), "PostgreSQL", "postgresql");
  const pgbouncer = tool(
    env.LAMBDA_ENGINE_PGBOUNCER ?? onPath("pgbouncer", { PATH: `${env.PATH ?? ""}:/usr/sbin` }),
    "PgBouncer",
    "pgbouncer",
  );
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
