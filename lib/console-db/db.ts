import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { checkDataDirLayout, tooNew } from "../data-dir-version";
import { ensurePrivateFile } from "../private-file";

export type ConsoleDb = Database.Database;

/**
 * Opens the console's own SQLite file (users of the local IdP, its OIDC artifacts, the audit log),
 * separate from the engine's store so the console never touches engine tables. WAL, because the IdP
 * process and the console process both write to it.
 */
export function openConsoleDb(dataDir: string): ConsoleDb {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  checkDataDirLayout(dataDir);
  ensurePrivateFile(path.join(dataDir, "console.sqlite"), dataDir); // 0600, dir 0700 (issue 13)
  const db = new Database(path.join(dataDir, "console.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_versions (module TEXT PRIMARY KEY, version INTEGER NOT NULL)",
  );
  return db;
}

/**
 * Each module (users, oidc, audit) migrates its own tables: APPEND steps, never edit a shipped one.
 * Versions are per module so modules opened by different processes do not race on one counter.
 */
export function migrateModule(db: ConsoleDb, module: string, steps: readonly string[]): void {
  const apply = db.transaction(() => {
    const row = db.prepare("SELECT version FROM schema_versions WHERE module = ?").get(module) as
      { version: number } | undefined;
    const current = row?.version ?? 0;
    // A newer version's tables: refused (the transaction writes nothing), never half-migrated.
    if (current > steps.length)
      tooNew(path.dirname(db.name), `console store "${module}" schema`, current, steps.length);
    for (let v = current; v < steps.length; v++) db.exec(steps[v] ?? "");
    if (current < steps.length) {
      db.prepare(
        "INSERT INTO schema_versions (module, version) VALUES (?, ?) ON CONFLICT(module) DO UPDATE SET version = excluded.version",
      ).run(module, steps.length);
    }
  });
  // IMMEDIATE: take the write lock before reading the version, so two processes cannot both migrate.
  apply.immediate();
}
