import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { EnvVars } from "../config";
import { privateDir } from "../sandbox/private-dir";

/**
 * Versions of the host programs the engine's capabilities rest on, for /health and the start
 * output (issue 19). Each program is asked once per path and file (`--version`), with a short
 * timeout, as a child the engine does not wait on: the start output's check runs while the engine
 * already serves, and must not stall its first requests (issue 18).
 */
export const INSTALL_PACKAGES = "sudo bash scripts/install-system-packages.sh";

interface ToolReport {
  path?: string;
  version?: string;
  problem?: string;
}

const versions = new Map<string, Promise<string | undefined>>();

/**
 * What earlier starts found, by program file (inode, size, mtime): an unchanged program is not run
 * again. Each probe is a child process, and starting one holds the event loop until it has exec'd
 * (tens of ms on a loaded host) just when a start's first requests arrive (issue 18).
 */
const KNOWN_FILE = "tool-versions.json";
type Known = Record<string, { file: string; version: string }>;

function fileStamp(bin: string): string | undefined {
  if (!path.isAbsolute(bin)) return undefined;
  try {
    const st = fs.statSync(bin);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function readKnown(): Known {
  try {
    return JSON.parse(fs.readFileSync(path.join(privateDir(), KNOWN_FILE), "utf8")) as Known;
  } catch {
    return {};
  }
}
/** What the file held when this process first looked: one read for all the tools' lookups. */
let knownAtStart: Known | undefined;

function remember(key: string, file: string, version: string): void {
  try {
    const target = path.join(privateDir(), KNOWN_FILE);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...readKnown(), [key]: { file, version } }), {
      mode: 0o600,
    });
    fs.renameSync(tmp, target);
  } catch {
    // a read-only temp dir: probe again next start
  }
}

/** First line of `<bin> --version`, or undefined when it does not run. */
export function versionOf(
  bin: string,
  args: string[] = ["--version"],
): Promise<string | undefined> {
  const key = `${bin}\0${args.join(" ")}`;
  let version = versions.get(key);
  if (!version) {
    const file = fileStamp(bin);
    const known = file === undefined ? undefined : (knownAtStart ??= readKnown())[key];
    version =
      known && known.file === file
        ? Promise.resolve(known.version)
        : new Promise((resolve) => {
            execFile(bin, args, { encoding: "utf8", timeout: 3_000 }, (err, stdout, stderr) => {
              const text = `${stdout}${stderr}`.trim().split("\n")[0]?.trim();
              if (!err && text && file !== undefined) remember(key, file, text);
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
