import "server-only";
import { openConsoleDb } from "../console-db/db";
import { dataDirOf } from "../idp/config";
import { RevocationStore } from "./revocation-store";
import { IdpSessionStore } from "./idp-session-store";
import { SignInThrottle } from "../idp/sign-in-throttle";
import { UserStore } from "../idp/user-store";
import { AuditStore, type NewAuditEntry } from "../audit/store";

interface ConsoleStores {
  audit: AuditStore;
  users: UserStore;
  revocations: RevocationStore;
  idpSessions: IdpSessionStore;
  signInThrottle: SignInThrottle;
}

// One connection per server process; kept on globalThis so dev-mode module reloads reuse it.
const KEY = Symbol.for("lambda-console.console-stores");
type WithStores = typeof globalThis & { [KEY]?: ConsoleStores };

/** The console process's audit log, (local IdP) user store and sign-outs, in <dataDir>/console.sqlite. */
export function getConsoleStores(): ConsoleStores {
  const g = globalThis as WithStores;
  if (!g[KEY]) {
    const db = openConsoleDb(dataDirOf(process.env));
    g[KEY] = {
      audit: new AuditStore(db),
      users: new UserStore(db),
      revocations: new RevocationStore(db),
      idpSessions: new IdpSessionStore(db),
      signInThrottle: new SignInThrottle(db),
    };
  }
  return g[KEY];
}

/** Records one entry; an audit failure is logged, never turned into a failed user action. */
export function recordAudit(entry: NewAuditEntry): void {
  try {
    getConsoleStores().audit.record(entry);
  } catch (err) {
    console.error("[audit] could not record", entry.action, err);
  }
}
