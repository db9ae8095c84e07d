import fs from "node:fs";
import path from "node:path";

/**
 * Who PostgreSQL and PgBouncer run as: `postgres` when the engine is root (postgres refuses to run
 * as root), the engine's own user otherwise.
 */
export interface ServerUser {
  uid?: number;
  gid?: number;
  /** The environment every server process gets (nothing of the engine's). */
  env: NodeJS.ProcessEnv;
}

export function serverUser(): ServerUser {
  const base = { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" } as unknown as NodeJS.ProcessEnv;
  if (process.getuid?.() !== 0) return { env: base };
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  const [, , uid, gid, , home] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error("the postgres user is missing: install the postgresql package");
  return {
    uid: Number(uid),
    gid: Number(gid),
    env: { ...base, HOME: home ?? "/var/lib/postgresql" } as unknown as NodeJS.ProcessEnv,
  };
}

/** The newest installed PostgreSQL's binaries (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  let majors: string[] = [];
  try {
    majors = fs
      .readdirSync(root)
      .filter((d) => fs.existsSync(path.join(root, d, "bin", "postgres")));
  } catch {
    return undefined;
  }
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? undefined : path.join(root, newest, "bin");
}

export function pgbouncerBinary(): string | undefined {
  for (const p of ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]) if (fs.existsSync(p)) return p;
  return undefined;
}

/**
 * A directory the server user owns, under the engine's data dir. The data dir itself stays
 * closed to everyone but root and the postgres group, which may only traverse it.
 */
export function serverDir(dataDir: string, user: ServerUser, ...parts: string[]): string {
  const dir = path.join(dataDir, ...parts);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined && user.gid !== undefined) {
    fs.chownSync(dataDir, 0, user.gid);
    fs.chmodSync(dataDir, 0o710);
    let d = dataDir;
    for (const p of parts) {
      d = path.join(d, p);
      fs.chownSync(d, user.uid, user.gid);
    }
  }
  return dir;
}

/** Writes a file only the server user can read. */
export function writeServerFile(file: string, content: string, user: ServerUser): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  if (user.uid !== undefined && user.gid !== undefined) fs.chownSync(tmp, user.uid, user.gid);
  fs.renameSync(tmp, file);
}
