import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { SCHEMA } from "./schema";
import {
  checkDataDirLayout,
  peekUserVersion,
  stampDataDirLayout,
  tooNew,
} from "../../data-dir-version";
import { ensurePrivateFile } from "../../private-file";

export type Db = Database.Database;

/** Opens (and migrates) the engine's SQLite store in WAL mode: acknowledged writes survive a crash. */
export function openDb(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, "engine.sqlite");
  // A store from a newer version is refused before it is opened for writing (issue 19).
  const found = peekUserVersion(file);
  if (found !== undefined && found > SCHEMA.length)
    tooNew(dataDir, "engine store schema", found, SCHEMA.length);
  checkDataDirLayout(dataDir);
  ensurePrivateFile(file, dataDir); // 0600, dir 0700 (issue 13)
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  stampDataDirLayout(dataDir);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  // The usual start: nothing to apply, and no write transaction to open (issue 18).
  if (current === SCHEMA.length) return;
  const apply = db.transaction(() => {
    for (let v = current; v < SCHEMA.length; v++) {
      db.exec(SCHEMA[v] ?? "");
    }
    db.pragma(`user_version = ${SCHEMA.length}`);
  });
  apply();
}
