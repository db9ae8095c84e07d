import "server-only";
import { openConsoleDb } from "../console-db/db";
import { dataDirOf } from "../idp/config";
import { ImageHistoryStore } from "./store";

export { ImageHistoryStore } from "./store";

// One connection per server process; on globalThis so dev-mode module reloads reuse it.
const KEY = Symbol.for("lambda-console.image-history");
type WithStore = typeof globalThis & { [KEY]?: ImageHistoryStore };

/** Image deployment history, in <dataDir>/console.sqlite beside the audit log and test events. */
export function getImageHistoryStore(): ImageHistoryStore {
  const g = globalThis as WithStore;
  g[KEY] ??= new ImageHistoryStore(openConsoleDb(dataDirOf(process.env)));
  return g[KEY];
}
