import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";

/**
 * Versions of the data dir. Each SQLite store carries its own schema version (the engine's
 * PRAGMA user_version, the console's schema_versions per module) and is migrated forward on open;
 * the files around them (code blobs, image cache, registry storage, JSON credentials and keys)
 * follow LAYOUT_VERSION, stamped in <dataDir>/data-dir.json. A data dir written by a newer
 * version is refused before anything in it is written, with DataDirTooNewError.
 */
export const LAYOUT_VERSION = 1;
export const LAYOUT_FILE = "data-dir.json";

export class DataDirTooNewError extends Error {
  override name = "DataDirTooNewError";
}

export function tooNew(dataDir: string, what: string, found: number, known: number): never {
  throw new DataDirTooNewError(
    `The data dir ${dataDir} was written by a newer version of Lambda Console (${what} version ${found}; this version knows up to ${known}). ` +
      `Refusing to open it so nothing in it is changed: run the newer version again, or restore a backup made with this version (npm run restore).`,
  );
}

function readLayout(file: string): number | undefined {
  try {
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { layout?: unknown };
    return typeof doc.layout === "number" ? doc.layout : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    return undefined;
  }
}

/** Refuses a data dir whose data-dir.json names a newer layout; writes nothing. */
export function checkDataDirLayout(dataDir: string): void {
  const layout = readLayout(path.join(dataDir, LAYOUT_FILE));
  if (layout !== undefined && layout > LAYOUT_VERSION)
    tooNew(dataDir, "data dir layout", layout, LAYOUT_VERSION);
}

/**
 * Records the layout once the engine has migrated its store (data dirs from before the file are
 * layout 1). Layout migrations, when a later layout needs them, run here before the stamp.
 */
export function stampDataDirLayout(dataDir: string): void {
  const file = path.join(dataDir, LAYOUT_FILE);
  if (readLayout(file) === LAYOUT_VERSION) return;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ layout: LAYOUT_VERSION }) + "\n", { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * PRAGMA user_version of an existing SQLite file, read without writing to it: from the header
 * (bytes 60-63), or through a read-only connection when a WAL may hold a newer page 1.
 */
export function peekUserVersion(file: string): number | undefined {
  let header: Buffer;
  try {
    const fd = fs.openSync(file, "r");
    try {
      header = Buffer.alloc(64);
      if (fs.readSync(fd, header, 0, 64, 0) < 64) return undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const fromHeader = header.readUInt32BE(60);
  let walSize = 0;
  try {
    walSize = fs.statSync(`${file}-wal`).size;
  } catch {
    // no WAL: the header is the truth
  }
  if (walSize === 0) return fromHeader;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma("user_version", { simple: true }) as number;
  } finally {
    db.close();
  }
}
