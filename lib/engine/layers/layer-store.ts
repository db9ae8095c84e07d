import type { Db } from "../store/db";

/** One statement of a layer version's resource policy, as GetLayerVersionPolicy shows it. */
export interface LayerStatement {
  Sid: string;
  Effect: "Allow";
  Principal: string | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: { StringEquals: { "aws:PrincipalOrgID": string } };
}

export interface LayerVersionRow {
  layerName: string;
  version: number;
  description: string;
  createdDate: string;
  /** Hex sha256 of the zip: the code blob's file name. */
  codeHex: string;
  /** Base64 sha256, as Content.CodeSha256. */
  codeSha256: string;
  codeSize: number;
  unzippedSize: number;
  compatibleRuntimes?: string[];
  compatibleArchitectures?: string[];
  licenseInfo?: string;
  policy: LayerStatement[];
  revisionId: string;
  deleted: boolean;
}

interface Raw {
  layer_name: string;
  version: number;
  description: string;
  created_date: string;
  code_hex: string;
  code_sha256: string;
  code_size: number;
  unzipped_size: number;
  compatible_runtimes: string | null;
  compatible_architectures: string | null;
  license_info: string | null;
  policy: string;
  revision_id: string;
  deleted: number;
}

const toRow = (r: Raw): LayerVersionRow => ({
  layerName: r.layer_name,
  version: r.version,
  description: r.description,
  createdDate: r.created_date,
  codeHex: r.code_hex,
  codeSha256: r.code_sha256,
  codeSize: r.code_size,
  unzippedSize: r.unzipped_size,
  ...(r.compatible_runtimes
    ? { compatibleRuntimes: JSON.parse(r.compatible_runtimes) as string[] }
    : {}),
  ...(r.compatible_architectures
    ? { compatibleArchitectures: JSON.parse(r.compatible_architectures) as string[] }
    : {}),
  ...(r.license_info !== null ? { licenseInfo: r.license_info } : {}),
  policy: JSON.parse(r.policy) as LayerStatement[],
  revisionId: r.revision_id,
  deleted: r.deleted === 1,
});

/** SQLite rows of layers and their versions (schema entry "Layers"). */
export class LayerStore {
  constructor(private readonly db: Db) {}

  /** Inserts the next version of a layer (numbers keep growing across deletions, as on AWS). */
  insertVersion(row: Omit<LayerVersionRow, "version" | "deleted" | "policy">): LayerVersionRow {
    return this.db.transaction(() => {
      const last = this.db
        .prepare("SELECT last_version FROM layers WHERE name = ?")
        .get(row.layerName) as { last_version: number } | undefined;
      const version = (last?.last_version ?? 0) + 1;
      this.db
        .prepare(
          "INSERT INTO layers (name, last_version) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET last_version = excluded.last_version",
        )
        .run(row.layerName, version);
      this.db
        .prepare(
          `INSERT INTO layer_versions (layer_name, version, description, created_date, code_hex,
             code_sha256, code_size, unzipped_size, compatible_runtimes, compatible_architectures,
             license_info, policy, revision_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?)`,
        )
        .run(
          row.layerName,
          version,
          row.description,
          row.createdDate,
          row.codeHex,
          row.codeSha256,
          row.codeSize,
          row.unzippedSize,
          row.compatibleRuntimes ? JSON.stringify(row.compatibleRuntimes) : null,
          row.compatibleArchitectures ? JSON.stringify(row.compatibleArchitectures) : null,
          row.licenseInfo ?? null,
          row.revisionId,
        );
      return { ...row, version, deleted: false, policy: [] };
    })();
  }

  /** A version, deleted ones included when asked (functions keep running on those). */
  getVersion(name: string, version: number, includeDeleted = false): LayerVersionRow | undefined {
    const r = this.db
      .prepare(
        `SELECT * FROM layer_versions WHERE layer_name = ? AND version = ?${includeDeleted ? "" : " AND deleted = 0"}`,
      )
      .get(name, version) as Raw | undefined;
    return r && toRow(r);
  }

  /** Live versions of one layer, newest first (ListLayerVersions' order). */
  listVersions(name: string): LayerVersionRow[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM layer_versions WHERE layer_name = ? AND deleted = 0 ORDER BY version DESC",
        )
        .all(name) as Raw[]
    ).map(toRow);
  }

  /** Every live version of every layer, by layer name then newest first. */
  listAll(): LayerVersionRow[] {
    return (
      this.db
        .prepare("SELECT * FROM layer_versions WHERE deleted = 0 ORDER BY layer_name, version DESC")
        .all() as Raw[]
    ).map(toRow);
  }

  markDeleted(name: string, version: number): void {
    this.db
      .prepare(
        "UPDATE layer_versions SET deleted = 1, policy = '[]' WHERE layer_name = ? AND version = ?",
      )
      .run(name, version);
  }

  setPolicy(name: string, version: number, policy: LayerStatement[], revisionId: string): void {
    this.db
      .prepare(
        "UPDATE layer_versions SET policy = ?, revision_id = ? WHERE layer_name = ? AND version = ?",
      )
      .run(JSON.stringify(policy), revisionId, name, version);
  }
}
