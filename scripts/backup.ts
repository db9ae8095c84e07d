// `npm run backup [-- <dir>]`: a consistent copy of the data dir while Lambda Console runs
// (SQLite online backup of each store, then the blobs). Default: ./backups/<timestamp>.
import path from "node:path";
import { backupDataDir } from "../lib/backup/backup";
import { resolveDataDir } from "../lib/data-dir";

const dataDir = resolveDataDir();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const dest = path.resolve(process.argv[2] ?? path.join("backups", `lambda-console-${stamp}`));
try {
  const m = await backupDataDir(dataDir, dest);
  console.log(`[backup] ${dataDir} -> ${dest}`);
  console.log(`[backup] ${m.databases.join(", ")} and ${m.files} files (version ${m.version})`);
  console.log(`[backup] restore with: npm run restore -- ${dest}`);
} catch (e) {
  console.error(`[backup] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
