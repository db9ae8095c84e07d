import type { Db } from "../store/db";

export type CodeSigningPolicy = "Warn" | "Enforce";

export interface CodeSigningConfigRow {
  id: string;
  description: string;
  profileVersionArns: string[];
  policy: CodeSigningPolicy;
  lastModified: string;
}

interface Raw {
  id: string;
  description: string;
  profile_version_arns: string;
  policy: CodeSigningPolicy;
  last_modified: string;
}

const toRow = (r: Raw): CodeSigningConfigRow => ({
  id: r.id,
  description: r.description,
  profileVersionArns: JSON.parse(r.profile_version_arns) as string[],
  policy: r.policy,
  lastModified: r.last_modified,
});

/** Code signing configurations and which function uses which. */
export class CodeSigningConfigStore {
  constructor(private readonly db: Db) {}

  get(id: string): CodeSigningConfigRow | undefined {
    const r = this.db.prepare("SELECT * FROM code_signing_configs WHERE id = ?").get(id) as
      Raw | undefined;
    return r && toRow(r);
  }

  list(): CodeSigningConfigRow[] {
    return (this.db.prepare("SELECT * FROM code_signing_configs ORDER BY id").all() as Raw[]).map(
      toRow,
    );
  }

  put(c: CodeSigningConfigRow): void {
    this.db
      .prepare(
        `INSERT INTO code_signing_configs (id, description, profile_version_arns, policy, last_modified) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET description = excluded.description, profile_version_arns = excluded.profile_version_arns,
           policy = excluded.policy, last_modified = excluded.last_modified`,
      )
      .run(c.id, c.description, JSON.stringify(c.profileVersionArns), c.policy, c.lastModified);
  }

  delete(id: string): void {
    this.db.prepare("DELETE FROM code_signing_configs WHERE id = ?").run(id);
  }

  forFunction(functionName: string): string | undefined {
    const r = this.db
      .prepare("SELECT csc_id AS id FROM function_code_signing WHERE function_name = ?")
      .get(functionName) as { id: string } | undefined;
    return r?.id;
  }

  functionsUsing(id: string): string[] {
    return (
      this.db
        .prepare(
          "SELECT function_name AS name FROM function_code_signing WHERE csc_id = ? ORDER BY function_name",
        )
        .all(id) as {
        name: string;
      }[]
    ).map((r) => r.name);
  }

  attach(functionName: string, id: string): void {
    this.db
      .prepare(
        "INSERT INTO function_code_signing (function_name, csc_id) VALUES (?, ?) ON CONFLICT(function_name) DO UPDATE SET csc_id = excluded.csc_id",
      )
      .run(functionName, id);
  }

  detach(functionName: string): void {
    this.db.prepare("DELETE FROM function_code_signing WHERE function_name = ?").run(functionName);
  }
}
