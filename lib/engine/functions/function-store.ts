import type { Db } from "../store/db";
import type { FunctionConfiguration } from "./types";

export interface FunctionRow {
  name: string;
  createdAt: number;
  tags: Record<string, string>;
  lastPublished: number;
  reservedConcurrency?: number;
}

export interface VersionRow {
  functionName: string;
  version: string;
  config: FunctionConfiguration;
  /** Hex sha256 of the zip: the blob's file name (CodeSha256 in config is the base64 form). */
  codeHex: string;
  codeSize: number;
}

export interface AliasRow {
  functionName: string;
  name: string;
  functionVersion: string;
  description: string;
  routing?: Record<string, number>;
  revisionId: string;
}

interface RawFunction {
  name: string;
  created_at: number;
  tags: string;
  last_published: number;
  reserved_concurrency: number | null;
}
interface RawVersion {
  function_name: string;
  version: string;
  config: string;
  code_sha256: string;
  code_size: number;
}
interface RawAlias {
  function_name: string;
  name: string;
  function_version: string;
  description: string;
  routing: string | null;
  revision_id: string;
}

// $LATEST first, then published versions in numeric order, as ListVersionsByFunction lists them.
const VERSION_ORDER = "CASE version WHEN '$LATEST' THEN -1 ELSE CAST(version AS INTEGER) END";

interface PageAfter {
  name: string;
  rank: number | null;
  limit: number;
}

const toFunction = (r: RawFunction): FunctionRow => ({
  name: r.name,
  createdAt: r.created_at,
  tags: JSON.parse(r.tags) as Record<string, string>,
  lastPublished: r.last_published,
  ...(r.reserved_concurrency === null ? {} : { reservedConcurrency: r.reserved_concurrency }),
});
const toVersion = (r: RawVersion): VersionRow => ({
  functionName: r.function_name,
  version: r.version,
  config: JSON.parse(r.config) as FunctionConfiguration,
  codeHex: r.code_sha256,
  codeSize: r.code_size,
});
const toAlias = (r: RawAlias): AliasRow => ({
  functionName: r.function_name,
  name: r.name,
  functionVersion: r.function_version,
  description: r.description,
  ...(r.routing === null ? {} : { routing: JSON.parse(r.routing) as Record<string, number> }),
  revisionId: r.revision_id,
});

/** SQLite access for functions, versions and aliases (tables from store/schema.ts entry 0). */
export class FunctionStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      getFn: db.prepare<[string], RawFunction>("SELECT * FROM functions WHERE name = ?"),
      insertFn: db.prepare("INSERT INTO functions (name, created_at, tags) VALUES (?, ?, ?)"),
      deleteFn: db.prepare("DELETE FROM functions WHERE name = ?"),
      setTags: db.prepare("UPDATE functions SET tags = ? WHERE name = ?"),
      setPublished: db.prepare("UPDATE functions SET last_published = ? WHERE name = ?"),
      countFn: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM functions"),
      reservedFn: db.prepare<[], { n: number | null }>(
        "SELECT SUM(reserved_concurrency) AS n FROM functions",
      ),
      getVer: db.prepare<[string, string], RawVersion>(
        "SELECT * FROM versions WHERE function_name = ? AND version = ?",
      ),
      listVer: db.prepare<[string], RawVersion>(
        `SELECT * FROM versions WHERE function_name = ? ORDER BY ${VERSION_ORDER}`,
      ),
      listAllVer: db.prepare<[], RawVersion>(
        `SELECT * FROM versions ORDER BY function_name, ${VERSION_ORDER}`,
      ),
      listLatest: db.prepare<[], RawVersion>(
        "SELECT * FROM versions WHERE version = '$LATEST' ORDER BY function_name",
      ),
      // Issue 18: one ListFunctions page at a time (was: every row read and parsed per page).
      pageLatest: db.prepare<PageAfter, RawVersion>(
        `SELECT * FROM versions WHERE version = '$LATEST'
            AND (function_name > @name OR (function_name = @name AND -1 > @rank))
          ORDER BY function_name LIMIT @limit`,
      ),
      pageAll: db.prepare<PageAfter, RawVersion>(
        `SELECT * FROM versions
          WHERE function_name > @name OR (function_name = @name AND ${VERSION_ORDER} > @rank)
          ORDER BY function_name, ${VERSION_ORDER} LIMIT @limit`,
      ),
      putVer: db.prepare(
        "INSERT OR REPLACE INTO versions (function_name, version, config, code_sha256, code_size) VALUES (?, ?, ?, ?, ?)",
      ),
      deleteVer: db.prepare("DELETE FROM versions WHERE function_name = ? AND version = ?"),
      codeTotal: db.prepare<[], { n: number | null }>("SELECT SUM(code_size) AS n FROM versions"),
      putFallback: db.prepare(
        "INSERT OR REPLACE INTO update_fallbacks (function_name, config, code_sha256, code_size) VALUES (?, ?, ?, ?)",
      ),
      getFallback: db.prepare<[string], Omit<RawVersion, "version">>(
        "SELECT * FROM update_fallbacks WHERE function_name = ?",
      ),
      deleteFallback: db.prepare("DELETE FROM update_fallbacks WHERE function_name = ?"),
      recentNodeSizes: db.prepare<[number], { memory: number; tmp: number | null }>(
        `SELECT json_extract(config, '$.MemorySize') AS memory,
                json_extract(config, '$.EphemeralStorage.Size') AS tmp
           FROM versions
          WHERE version = '$LATEST' AND json_extract(config, '$.Runtime') LIKE 'nodejs%'
          GROUP BY memory, tmp
          ORDER BY MAX(json_extract(config, '$.LastModified')) DESC
          LIMIT ?`,
      ),
      getAlias: db.prepare<[string, string], RawAlias>(
        "SELECT * FROM aliases WHERE function_name = ? AND name = ?",
      ),
      listAlias: db.prepare<[string], RawAlias>(
        "SELECT * FROM aliases WHERE function_name = ? ORDER BY name",
      ),
      putAlias: db.prepare(
        "INSERT OR REPLACE INTO aliases (function_name, name, function_version, description, routing, revision_id) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      deleteAlias: db.prepare("DELETE FROM aliases WHERE function_name = ? AND name = ?"),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getFunction(name: string): FunctionRow | undefined {
    const r = this.s.getFn.get(name);
    return r && toFunction(r);
  }
  insertFunction(name: string, tags: Record<string, string>): void {
    this.s.insertFn.run(name, Date.now(), JSON.stringify(tags));
  }
  deleteFunction(name: string): void {
    this.s.deleteFn.run(name);
  }
  setTags(name: string, tags: Record<string, string>): void {
    this.s.setTags.run(JSON.stringify(tags), name);
  }
  setLastPublished(name: string, n: number): void {
    this.s.setPublished.run(n, name);
  }
  countFunctions(): number {
    return this.s.countFn.get()?.n ?? 0;
  }
  reservedConcurrencyTotal(): number {
    return this.s.reservedFn.get()?.n ?? 0;
  }

  getVersion(name: string, version: string): VersionRow | undefined {
    const r = this.s.getVer.get(name, version);
    return r && toVersion(r);
  }
  listVersions(name: string): VersionRow[] {
    return this.s.listVer.all(name).map(toVersion);
  }
  /** Every version of every function (all = true) or only each function's $LATEST, by name. */
  listAll(all: boolean): VersionRow[] {
    return (all ? this.s.listAllVer.all() : this.s.listLatest.all()).map(toVersion);
  }
  /**
   * listAll's rows after (name, version rank), `limit` at most: rank -1 is $LATEST, null matches
   * no version of `name` (the rows start at the next function).
   */
  listPage(all: boolean, after: Omit<PageAfter, "limit">, limit: number): VersionRow[] {
    return (all ? this.s.pageAll : this.s.pageLatest).all({ ...after, limit }).map(toVersion);
  }
  putVersion(v: VersionRow): void {
    this.s.putVer.run(v.functionName, v.version, JSON.stringify(v.config), v.codeHex, v.codeSize);
  }
  deleteVersion(name: string, version: string): void {
    this.s.deleteVer.run(name, version);
  }
  /** Keeps $LATEST as it is before an update, for a failed update to go back to. */
  putUpdateFallback(v: VersionRow): void {
    this.s.putFallback.run(v.functionName, JSON.stringify(v.config), v.codeHex, v.codeSize);
  }

  /** Takes (reads and forgets) the $LATEST kept before the update now settling. */
  takeUpdateFallback(name: string): VersionRow | undefined {
    const r = this.s.getFallback.get(name);
    this.s.deleteFallback.run(name);
    return r && toVersion({ ...r, version: "$LATEST" });
  }

  /** Memory and /tmp sizes of the most recently changed Node.js functions, newest first. */
  recentNodeSizes(limit: number): { memoryMb: number; tmpSizeMb: number }[] {
    return this.s.recentNodeSizes
      .all(limit)
      .map((r) => ({ memoryMb: r.memory, tmpSizeMb: r.tmp ?? 512 }));
  }

  totalCodeSize(): number {
    return this.s.codeTotal.get()?.n ?? 0;
  }

  getAlias(fn: string, name: string): AliasRow | undefined {
    const r = this.s.getAlias.get(fn, name);
    return r && toAlias(r);
  }
  listAliases(fn: string): AliasRow[] {
    return this.s.listAlias.all(fn).map(toAlias);
  }
  putAlias(a: AliasRow): void {
    this.s.putAlias.run(
      a.functionName,
      a.name,
      a.functionVersion,
      a.description,
      a.routing ? JSON.stringify(a.routing) : null,
      a.revisionId,
    );
  }
  deleteAlias(fn: string, name: string): void {
    this.s.deleteAlias.run(fn, name);
  }
}
