import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import packageJson from "../../package.json";
import { peekUserVersion, tooNew } from "../data-dir-version";
import { SCHEMA } from "../engine/store/schema";

/**
 * `npm run backup` / `npm run restore`: a consistent copy of a data dir while the product runs.
 * Each SQLite store is copied with SQLite's online backup API in one step (one read transaction,
 * so the copy is one committed state while writers go on, WAL lets them); then every other file.
 * Blobs are content-addressed and written before the rows that name them, so every blob a copied
 * row names is there when the files are copied after the databases.
 */
const BACKUP_MANIFEST = "lambda-console-backup.json";

/** Scratch: extractions and pulls in progress, temp files, SQLite side files. */
const SKIP = [
  // Node.js distributions for nodejsNN.x: fetched again (and verified) on first use.
  /^runtimes\/node(\/|$)/,
  /^code\/unpacked\/\.tmp-/,
  /^images\/tmp(\/|$)/,
  /\.tmp$/,
  /\.sqlite-(wal|shm|journal)$/,
];

export interface BackupManifest {
  createdAt: string;
  version: string;
  databases: string[];
  files: number;
}

function sqliteFiles(dataDir: string): string[] {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.endsWith(".sqlite"))
    .sort();
}

/** Copies dataDir into dest (which must not exist or be empty); returns the manifest written. */
export async function backupDataDir(dataDir: string, dest: string): Promise<BackupManifest> {
  if (
    !fs.existsSync(path.join(dataDir, "engine.sqlite")) &&
    !fs.existsSync(path.join(dataDir, "console.sqlite"))
  )
    throw new Error(
      `${dataDir} is not a Lambda Console data dir (no engine.sqlite or console.sqlite)`,
    );
  if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0)
    throw new Error(`${dest} exists and is not empty; name a new directory for the backup`);
  const staging = `${dest.replace(/\/+$/, "")}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
  const databases = sqliteFiles(dataDir);
  for (const name of databases) {
    const db = new Database(path.join(dataDir, name), { fileMustExist: true });
    try {
      db.pragma("busy_timeout = 5000");
      // All pages in one step: one snapshot, never restarted by the writers' commits.
      await db.backup(path.join(staging, name), { progress: () => 1 << 30 });
    } finally {
      db.close();
    }
  }
  let files = 0;
  const copy = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dataDir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && entry.name.endsWith(".sqlite")) continue;
      if (SKIP.some((re) => re.test(r))) continue;
      const from = path.join(dataDir, r);
      const to = path.join(staging, r);
      if (entry.isDirectory()) {
        fs.mkdirSync(to, { mode: fs.statSync(from).mode & 0o7777 });
        copy(r);
      } else if (entry.isSymbolicLink()) {
        fs.symlinkSync(fs.readlinkSync(from), to);
      } else if (entry.isFile()) {
        try {
          fs.copyFileSync(from, to);
          fs.chmodSync(to, fs.statSync(from).mode & 0o7777);
          files++;
        } catch (e) {
          // A temp file renamed or a cache entry removed while we walked: not part of the state.
          if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        }
      }
    }
  };
  copy("");
  const manifest: BackupManifest = {
    createdAt: new Date().toISOString(),
    version: packageJson.version,
    databases,
    files,
  };
  fs.writeFileSync(path.join(staging, BACKUP_MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(staging, dest);
  return manifest;
}

/**
 * Restores a backup into dataDir, which must not exist or be empty (the product stopped, the old
 * dir moved aside). A backup from a newer version is refused like a newer data dir.
 */
export function restoreDataDir(backup: string, dataDir: string): BackupManifest {
  const manifestFile = path.join(backup, BACKUP_MANIFEST);
  if (!fs.existsSync(manifestFile))
    throw new Error(`${backup} is not a Lambda Console backup (no ${BACKUP_MANIFEST})`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as BackupManifest;
  const engineSchema = peekUserVersion(path.join(backup, "engine.sqlite"));
  if (engineSchema !== undefined && engineSchema > SCHEMA.length)
    tooNew(backup, "engine store schema", engineSchema, SCHEMA.length);
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
    throw new Error(
      `${dataDir} is not empty: stop Lambda Console and move it aside first (mv ${dataDir} ${dataDir}.old), then restore`,
    );
  const staging = `${dataDir.replace(/\/+$/, "")}.restoring`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.cpSync(backup, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  fs.rmSync(path.join(staging, BACKUP_MANIFEST));
  fs.chmodSync(staging, 0o700);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.renameSync(staging, dataDir);
  return manifest;
}
