/**
 * Migrations, in order: entry i brings user_version i to i+1. Never edit a shipped entry;
 * append a new one.
 */
export const SCHEMA: string[] = [
  `
  CREATE TABLE functions (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    tags TEXT NOT NULL DEFAULT '{}',          -- JSON object
    last_published INTEGER NOT NULL DEFAULT 0, -- highest published version number
    reserved_concurrency INTEGER              -- NULL = unreserved
  );
  -- One row per version; '$LATEST' included. config is the FunctionConfiguration document
  -- as the API returns it (AWS field names), minus what the engine derives on read.
  CREATE TABLE versions (
    function_name TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
    version TEXT NOT NULL,
    config TEXT NOT NULL,
    code_sha256 TEXT NOT NULL,
    code_size INTEGER NOT NULL,
    PRIMARY KEY (function_name, version)
  );
  CREATE TABLE aliases (
    function_name TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
    name TEXT NOT NULL,
    function_version TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    routing TEXT,                              -- JSON AdditionalVersionWeights or NULL
    revision_id TEXT NOT NULL,
    PRIMARY KEY (function_name, name)
  );
  CREATE TABLE log_groups (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    retention_days INTEGER
  );
  CREATE TABLE log_streams (
    group_name TEXT NOT NULL REFERENCES log_groups(name) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    first_event_ts INTEGER,
    last_event_ts INTEGER,
    last_ingestion INTEGER,
    PRIMARY KEY (group_name, name)
  );
  CREATE TABLE log_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_name TEXT NOT NULL,
    stream_name TEXT NOT NULL,
    ts INTEGER NOT NULL,
    ingestion_time INTEGER NOT NULL,
    message TEXT NOT NULL,
    FOREIGN KEY (group_name, stream_name) REFERENCES log_streams(group_name, name) ON DELETE CASCADE
  );
  CREATE INDEX log_events_stream_ts ON log_events(group_name, stream_name, ts, id);
  CREATE INDEX log_events_group_ts ON log_events(group_name, ts, id);
  `,
  // Metrics (AWS/Lambda): one row per invocation or throttle; aggregated at query time.
  `
  CREATE TABLE metric_samples (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    function_name TEXT NOT NULL,
    resource TEXT NOT NULL,
    executed_version TEXT,
    kind INTEGER NOT NULL,                     -- 0 success, 1 error, 2 throttle
    duration_ms REAL,
    concurrency INTEGER NOT NULL
  );
  CREATE INDEX metric_samples_fn_ts ON metric_samples(function_name, ts);
  CREATE INDEX metric_samples_ts ON metric_samples(ts);
  `,
  // Concurrency (issue 4): provisioned configs, async invoke configs, the durable Event queue.
  `
  CREATE TABLE provisioned_configs (
    function_name TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
    qualifier TEXT NOT NULL,                   -- a version number or an alias name
    requested INTEGER NOT NULL,
    last_modified TEXT NOT NULL,
    PRIMARY KEY (function_name, qualifier)
  );
  CREATE TABLE event_invoke_configs (
    function_name TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
    qualifier TEXT NOT NULL,                   -- '$LATEST', a version or an alias
    max_retry INTEGER,
    max_age INTEGER,
    destinations TEXT,                         -- JSON DestinationConfig or NULL
    last_modified INTEGER NOT NULL,            -- epoch seconds
    PRIMARY KEY (function_name, qualifier)
  );
  -- Accepted Event invocations: written before the 202, deleted once finished.
  CREATE TABLE async_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL,
    function_name TEXT NOT NULL,
    qualifier TEXT,
    payload BLOB NOT NULL,
    client_context TEXT,
    received_at INTEGER NOT NULL,              -- epoch ms
    attempts INTEGER NOT NULL DEFAULT 0,       -- failed executions so far (throttles excluded)
    due_at INTEGER NOT NULL,                   -- epoch ms of the next attempt
    running INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX async_events_due ON async_events(running, due_at);
  `,
  // $LATEST as it was before an update in progress: a failed update goes back to it, as AWS keeps
  // the previous code and configuration when an update fails.
  `
  CREATE TABLE update_fallbacks (
    function_name TEXT PRIMARY KEY REFERENCES functions(name) ON DELETE CASCADE,
    config TEXT NOT NULL,
    code_sha256 TEXT NOT NULL,
    code_size INTEGER NOT NULL
  );
  `,
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
  // Issue 21: resource policies, function URLs, recursion and runtime management settings.
  `
  CREATE TABLE function_policies (
    function_name TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
    qualifier TEXT NOT NULL,                   -- '' for the unqualified function, else version/alias
    statements TEXT NOT NULL,                  -- JSON array of policy statements, in order added
    revision_id TEXT NOT NULL,
    PRIMARY KEY (function_name, qualifier)
  );
  CREATE TABLE function_urls (
    function_name TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
    qualifier TEXT NOT NULL,                   -- '' for the unqualified function, else an alias
    url_id TEXT NOT NULL UNIQUE,               -- the host label: <url_id>.lambda-url.<region>...
    auth_type TEXT NOT NULL,
    cors TEXT,                                 -- JSON Cors or NULL
    invoke_mode TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    PRIMARY KEY (function_name, qualifier)
  );
  CREATE TABLE function_recursion (
    function_name TEXT PRIMARY KEY REFERENCES functions(name) ON DELETE CASCADE,
    recursive_loop TEXT NOT NULL
  );
  CREATE TABLE runtime_management (
    function_name TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
    qualifier TEXT NOT NULL,                   -- '$LATEST' or a version
    update_runtime_on TEXT NOT NULL,
    runtime_version_arn TEXT,
    PRIMARY KEY (function_name, qualifier)
  );
  `,
  // PostRuntimeExtensionsDuration (issue 14): extension time after the runtime's response.
  `
  ALTER TABLE metric_samples ADD COLUMN post_runtime_ms REAL;
  `,
];
