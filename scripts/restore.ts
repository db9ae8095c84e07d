// `npm run restore -- <backup dir>`: puts a backup made by `npm run backup` back as the data dir
// ($LAMBDA_CONSOLE_DATA_DIR, default ./.data), which must be empty or absent: stop Lambda Console
// and move the old data dir aside first.
import path from "node:path";
import { restoreDataDir } from "../lib/backup/backup";
import { resolveDataDir } from "../lib/data-dir";

const from = process.argv[2];
if (!from) {
  console.error(
    "usage: npm run restore -- <backup dir>   (into $LAMBDA_CONSOLE_DATA_DIR, default ./.data)",
  );
  process.exit(2);
}
const dataDir = resolveDataDir();
try {
  const m = restoreDataDir(path.resolve(from), dataDir);
  console.log(
    `[restore] ${path.resolve(from)} (made ${m.createdAt} by ${m.version}) -> ${dataDir}`,
  );
  console.log("[restore] start Lambda Console with: npm start");
} catch (e) {
  console.error(`[restore] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
