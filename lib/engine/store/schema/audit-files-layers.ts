/**
 * SCHEMA entries 4–6: the audit trail, EFS file systems, layers.
 * Shipped migrations: never edit, only append new entries (in ../schema.ts).
 */
export const AUDIT_FILES_LAYERS: string[] = [
  // Audit trail (issue 13): every mutating API call as a CloudTrail event (lib/engine/audit).
  `
  CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    event_time INTEGER NOT NULL,               -- epoch ms
    event_source TEXT NOT NULL,
    event_name TEXT NOT NULL,
    username TEXT NOT NULL,
    principal_arn TEXT NOT NULL,
    access_key_id TEXT NOT NULL,
    error_code TEXT,
    record TEXT NOT NULL                       -- the CloudTrail event JSON
  );
  CREATE INDEX audit_events_time ON audit_events(event_time);
  CREATE INDEX audit_events_name ON audit_events(event_name, id);
  CREATE INDEX audit_events_user ON audit_events(username, id);
  CREATE TABLE audit_event_resources (
    event_row INTEGER NOT NULL REFERENCES audit_events(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    name TEXT NOT NULL
  );
  CREATE INDEX audit_event_resources_row ON audit_event_resources(event_row);
  CREATE INDEX audit_event_resources_name ON audit_event_resources(name, event_row);
  `,
  // File systems (issue 17): EFS file systems, access points and mount targets. doc is the
  // description as DescribeFileSystems / DescribeAccessPoints / DescribeMountTargets return it.
  `
  CREATE TABLE efs_file_systems (
    id TEXT PRIMARY KEY,
    creation_token TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE TABLE efs_access_points (
    id TEXT PRIMARY KEY,
    file_system_id TEXT NOT NULL REFERENCES efs_file_systems(id),
    client_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX efs_access_points_fs ON efs_access_points(file_system_id);
  CREATE TABLE efs_mount_targets (
    id TEXT PRIMARY KEY,
    file_system_id TEXT NOT NULL REFERENCES efs_file_systems(id),
    created_at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  `,
  // Layers (issue 14): one row per layer (its next version number survives deletions, as on
  // AWS) and per published version; content is a code blob (code_hex), never changed once written.
  // A deleted version keeps its row (deleted = 1) so functions already using it keep their /opt.
  `
  CREATE TABLE layers (
    name TEXT PRIMARY KEY,
    last_version INTEGER NOT NULL
  );
  CREATE TABLE layer_versions (
    layer_name TEXT NOT NULL REFERENCES layers(name),
    version INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_date TEXT NOT NULL,
    code_hex TEXT NOT NULL,
    code_sha256 TEXT NOT NULL,
    code_size INTEGER NOT NULL,
    unzipped_size INTEGER NOT NULL,
    compatible_runtimes TEXT,                  -- JSON array or NULL
    compatible_architectures TEXT,             -- JSON array or NULL
    license_info TEXT,
    policy TEXT NOT NULL DEFAULT '[]',         -- JSON array of statements
    revision_id TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (layer_name, version)
  );
  `,
];
