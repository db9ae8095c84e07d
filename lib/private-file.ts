import fs from "node:fs";

/**
 * A data-dir file only its owner can read (issue 13): created 0600 before SQLite opens it (SQLite
 * gives its -wal and -shm files the database's mode) and tightened if an older start left it
 * wider. The directory is made 0700 even when it already existed.
 */
export function ensurePrivateFile(file: string, dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  fs.closeSync(fs.openSync(file, "a", 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch {
      // -wal / -shm do not exist until SQLite needs them
    }
  }
}
