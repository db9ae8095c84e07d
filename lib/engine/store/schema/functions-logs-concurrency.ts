/**
 * SCHEMA entries 0–3: functions, versions, aliases, logs, metrics, concurrency and the Event
 * queue, the $LATEST kept for a failed update.
 * Shipped migrations: never edit, only append new entries (in ../schema.ts).
 */
export const FUNCTIONS_LOGS_CONCURRENCY: string[] = [
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
];
