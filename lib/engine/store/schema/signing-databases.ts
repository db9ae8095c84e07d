/**
 * SCHEMA entries 7–8: code signing (S3 subset, Signer, signing configs), RDS and Secrets Manager.
 * Shipped migrations: never edit, only append new entries (in ../schema.ts).
 */
export const SIGNING_DATABASES: string[] = [
  // Code signing (lib/engine/s3, signer, signing): the S3 subset's buckets and object versions
  // (content in <dataDir>/s3/<sha256>), Signer profiles and jobs, code signing configurations.
  `
  CREATE TABLE s3_buckets (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,               -- epoch ms
    versioning TEXT NOT NULL DEFAULT ''        -- '' (never enabled), Enabled, Suspended
  );
  CREATE TABLE s3_objects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,      -- newer versions have higher ids
    bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
    key TEXT NOT NULL,
    version_id TEXT NOT NULL,                  -- 'null' for objects written while unversioned
    is_latest INTEGER NOT NULL,
    delete_marker INTEGER NOT NULL DEFAULT 0,
    digest TEXT,                               -- sha256 hex: the blob's file name
    size INTEGER NOT NULL DEFAULT 0,
    etag TEXT NOT NULL DEFAULT '',             -- md5 hex
    content_type TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',       -- x-amz-meta-* as a JSON object
    checksums TEXT NOT NULL DEFAULT '{}',      -- {"CRC32": "<base64>"} as the writer sent them
    last_modified INTEGER NOT NULL             -- epoch ms
  );
  CREATE INDEX s3_objects_key ON s3_objects(bucket, key, id);
  CREATE TABLE signer_profiles (
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    platform_id TEXT NOT NULL,
    validity_value INTEGER NOT NULL,
    validity_type TEXT NOT NULL,               -- DAYS, MONTHS, YEARS
    status TEXT NOT NULL,                      -- Active, Canceled, Revoked
    is_current INTEGER NOT NULL,               -- the version GetSigningProfile shows
    created_at INTEGER NOT NULL,               -- epoch ms
    revoked_at INTEGER,
    revoked_from INTEGER,                      -- revocation effective time, epoch ms
    revoke_reason TEXT,
    tags TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (name, version)
  );
  CREATE TABLE signer_jobs (
    job_id TEXT PRIMARY KEY,
    profile_name TEXT NOT NULL,
    profile_version TEXT NOT NULL,
    platform_id TEXT NOT NULL,
    source TEXT NOT NULL,                      -- JSON {bucketName, key, version}
    signed_object TEXT,                        -- JSON {bucketName, key}
    status TEXT NOT NULL,                      -- InProgress, Failed, Succeeded
    status_reason TEXT,
    client_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    completed_at INTEGER,
    signature_expires_at INTEGER,
    revoked_at INTEGER,
    revoke_reason TEXT
  );
  CREATE TABLE code_signing_configs (
    id TEXT PRIMARY KEY,                       -- csc-<17 chars>
    description TEXT NOT NULL DEFAULT '',
    profile_version_arns TEXT NOT NULL,        -- JSON array
    policy TEXT NOT NULL,                      -- Warn, Enforce
    last_modified TEXT NOT NULL
  );
  CREATE TABLE function_code_signing (
    function_name TEXT PRIMARY KEY REFERENCES functions(name) ON DELETE CASCADE,
    csc_id TEXT NOT NULL REFERENCES code_signing_configs(id)
  );
  `,
  // Databases (issue 16): RDS instances (a PostgreSQL cluster each), Secrets Manager secrets and
  // their versions, RDS proxies (a PgBouncer each) with their default target group's targets.
  `
  CREATE TABLE db_instances (
    id TEXT PRIMARY KEY,                       -- DBInstanceIdentifier (lower case, as RDS keeps it)
    resource_id TEXT NOT NULL,                 -- db-XXXXXXXX (DbiResourceId)
    port INTEGER NOT NULL,
    master_username TEXT NOT NULL,
    secret_arn TEXT,                           -- ManageMasterUserPassword's secret
    db_name TEXT,
    config TEXT NOT NULL,                      -- JSON: class, storage, engine version, tags
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL                -- epoch ms
  );
  CREATE TABLE secrets (
    arn TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    kms_key_id TEXT,
    tags TEXT,                                 -- JSON [{Key,Value}]
    created_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    accessed_at INTEGER,
    deleted_at INTEGER,                        -- scheduled deletion (recovery window)
    owning_service TEXT
  );
  CREATE TABLE secret_versions (
    secret_arn TEXT NOT NULL REFERENCES secrets(arn) ON DELETE CASCADE,
    version_id TEXT NOT NULL,
    secret_string TEXT,
    secret_binary BLOB,
    stages TEXT NOT NULL,                      -- JSON ["AWSCURRENT"]
    created_at INTEGER NOT NULL,
    PRIMARY KEY (secret_arn, version_id)
  );
  CREATE TABLE db_proxies (
    name TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL,                 -- prx-… (ARN) and the endpoint's label
    port INTEGER NOT NULL,                     -- PgBouncer's port on 127.0.0.1
    config TEXT NOT NULL,                      -- JSON: Auth, RequireTLS, IdleClientTimeout, …
    pool TEXT NOT NULL,                        -- JSON ConnectionPoolConfig
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE db_proxy_targets (
    proxy_name TEXT NOT NULL REFERENCES db_proxies(name) ON DELETE CASCADE ON UPDATE CASCADE,
    instance_id TEXT NOT NULL,
    PRIMARY KEY (proxy_name, instance_id)
  );
  -- Functions connected to a proxy (the console's Database proxies panel): their sandboxes get
  -- a socket for it.
  CREATE TABLE db_proxy_functions (
    proxy_name TEXT NOT NULL REFERENCES db_proxies(name) ON DELETE CASCADE ON UPDATE CASCADE,
    function_name TEXT NOT NULL,
    PRIMARY KEY (proxy_name, function_name)
  );
  `,
];
