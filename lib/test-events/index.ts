import "server-only";
import { openConsoleDb } from "../console-db/db";
import { dataDirOf } from "../idp/config";
import { TestEventStore } from "./store";

export { TestEventStore, TEST_EVENT_NAME, type SavedTestEvent } from "./store";

// One connection per server process; on globalThis so dev-mode module reloads reuse it.
const KEY = Symbol.for("lambda-console.test-events");
type WithStore = typeof globalThis & { [KEY]?: TestEventStore };

/** The console's saved test events, in <dataDir>/console.sqlite beside the audit log. */
export function getTestEventStore(): TestEventStore {
  const g = globalThis as WithStore;
  g[KEY] ??= new TestEventStore(openConsoleDb(dataDirOf(process.env)));
  return g[KEY];
}
