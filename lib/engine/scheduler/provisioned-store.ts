import type { Db } from "../store/db";

export interface ProvisionedRow {
  functionName: string;
  /** A version number or an alias name. */
  qualifier: string;
  requested: number;
  lastModified: string;
}

interface RawRow {
  function_name: string;
  qualifier: string;
  requested: number;
  last_modified: string;
}

const toRow = (r: RawRow): ProvisionedRow => ({
  functionName: r.function_name,
  qualifier: r.qualifier,
  requested: r.requested,
  lastModified: r.last_modified,
});

/** SQLite access for provisioned concurrency configs (schema entry 2): recreated at engine start. */
export class ProvisionedStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      get: db.prepare<[string, string], RawRow>(
        "SELECT * FROM provisioned_configs WHERE function_name = ? AND qualifier = ?",
      ),
      list: db.prepare<[string], RawRow>(
        "SELECT * FROM provisioned_configs WHERE function_name = ? ORDER BY qualifier",
      ),
      all: db.prepare<[], RawRow>(
        "SELECT * FROM provisioned_configs ORDER BY function_name, qualifier",
      ),
      put: db.prepare(
        "INSERT OR REPLACE INTO provisioned_configs (function_name, qualifier, requested, last_modified) VALUES (?, ?, ?, ?)",
      ),
      del: db.prepare("DELETE FROM provisioned_configs WHERE function_name = ? AND qualifier = ?"),
      total: db.prepare<[string], { n: number | null }>(
        "SELECT SUM(requested) AS n FROM provisioned_configs WHERE function_name = ?",
      ),
      totalUnreserved: db.prepare<[], { n: number | null }>(
        "SELECT SUM(p.requested) AS n FROM provisioned_configs p JOIN functions f ON f.name = p.function_name WHERE f.reserved_concurrency IS NULL",
      ),
    };
  }

  get(fn: string, qualifier: string): ProvisionedRow | undefined {
    const r = this.s.get.get(fn, qualifier);
    return r && toRow(r);
  }
  list(fn: string): ProvisionedRow[] {
    return this.s.list.all(fn).map(toRow);
  }
  all(): ProvisionedRow[] {
    return this.s.all.all().map(toRow);
  }
  put(r: ProvisionedRow): void {
    this.s.put.run(r.functionName, r.qualifier, r.requested, r.lastModified);
  }
  delete(fn: string, qualifier: string): void {
    this.s.del.run(fn, qualifier);
  }
  /** Everything provisioned for one function, all qualifiers together. */
  totalFor(fn: string): number {
    return this.s.total.get(fn)?.n ?? 0;
  }
  /** Provisioned for functions without a reservation: it comes out of the unreserved pool. */
  totalUnreserved(): number {
    return this.s.totalUnreserved.get()?.n ?? 0;
  }
}
