import type { Statement } from "better-sqlite3";
import type { Db } from "../store/db";
import type { Proxy, ProxyService } from "./proxies";

// Asked at every cold start (proxySocketsFor): prepared once per database, not per call (a
// prepare cost ~0.3 ms of the engine's thread per cold start in a burst, issue 18).
const connectedStatements = new WeakMap<Db, Statement<[string], { proxy_name: string }>>();

/**
 * Functions connected to a proxy: the local engine's stand-in for an execution role's
 * rds-db:connect grant. A connected function's sandboxes get a socket for the proxy.
 */
export function connectFunction(svc: ProxyService, name: string, fn: string): void {
  svc.get(name);
  svc.ctx.db
    .prepare("INSERT OR IGNORE INTO db_proxy_functions (proxy_name, function_name) VALUES (?, ?)")
    .run(name, fn);
}
export function disconnectFunction(svc: ProxyService, name: string, fn: string): void {
  svc.ctx.db
    .prepare("DELETE FROM db_proxy_functions WHERE proxy_name = ? AND function_name = ?")
    .run(name, fn);
}
/** The proxies a function's sandboxes reach (those it was connected to, available). */
export function proxiesForFunction(svc: ProxyService, fn: string): Proxy[] {
  const { db } = svc.ctx;
  let connected = connectedStatements.get(db);
  if (!connected) {
    connected = db.prepare<[string], { proxy_name: string }>(
      "SELECT proxy_name FROM db_proxy_functions WHERE function_name = ?",
    );
    connectedStatements.set(db, connected);
  }
  return connected.all(fn).flatMap((n) => {
    try {
      return [svc.get(n.proxy_name)];
    } catch {
      return [];
    }
  });
}
export function functionsOf(svc: ProxyService, name: string): string[] {
  return (
    svc.ctx.db
      .prepare("SELECT function_name FROM db_proxy_functions WHERE proxy_name = ?")
      .all(name) as { function_name: string }[]
  ).map((r) => r.function_name);
}
