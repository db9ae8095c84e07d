import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Who PostgreSQL and PgBouncer run as: `postgres` when the engine is root (postgres refuses to run
 * as root), the engine's own user otherwise.
 */
export interface ServerUser {
  uid?: number;
  gid?: number;
  /** The server user's home (where its files go when it cannot reach the data dir). */
  home?: string;
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
 * The root of the servers' files (clusters, PgBouncer configs). Run as another user (postgres),
 * the servers keep them under that user's home, and `<dataDir>/rds` is a link to them: the data
 * dir itself stays 0700 and root's (issue 13), since loosening its group or mode for postgres
 * would also shut out the sandboxes of file-system functions, whose user namespaces map only
 * their access point's ids and root's.
 */
export function rdsRoot(dataDir: string, user: ServerUser): string {
  const inPlace = path.join(dataDir, "rds");
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user.uid === undefined || user.gid === undefined) {
    fs.mkdirSync(inPlace, { recursive: true, mode: 0o700 });
    return inPlace;
  }
  const key = crypto.createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  const base = path.join(user.home ?? "/var/lib/postgresql", "lambda-console");
  const outside = path.join(base, key);
  for (const d of [base, outside]) {
    fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    fs.chownSync(d, user.uid, user.gid);
  }
  if (!fs.existsSync(inPlace)) fs.symlinkSync(outside, inPlace);
  return outside;
}

/** A directory the server user owns under rdsRoot: `serverDir(dataDir, user, "instances", id)`. */
export function serverDir(dataDir: string, user: ServerUser, ...parts: string[]): string {
  let d = rdsRoot(dataDir, user);
  for (const p of parts) {
    d = path.join(d, p);
    fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    if (user.uid !== undefined && user.gid !== undefined) fs.chownSync(d, user.uid, user.gid);
  }
  return d;
}
/** Writes a file only the server user can read. */
export function writeServerFile(file: string, content: string, user: ServerUser): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  if (user.uid !== undefined && user.gid !== undefined) fs.chownSync(tmp, user.uid, user.gid);
  fs.renameSync(tmp, file);
}
