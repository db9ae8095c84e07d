import { AUDIT_FILES_LAYERS } from "./schema/audit-files-layers";
import { FUNCTIONS_LOGS_CONCURRENCY } from "./schema/functions-logs-concurrency";
import { SIGNING_DATABASES } from "./schema/signing-databases";

/**
 * Migrations, in order: entry i brings user_version i to i+1. Never edit a shipped entry;
 * append a new one.
 * Entries 0–8 live in ./schema/ (grouped by feature); new entries go at the end of this list.
 */
export const SCHEMA: string[] = [
  ...FUNCTIONS_LOGS_CONCURRENCY,
  ...AUDIT_FILES_LAYERS,
  ...SIGNING_DATABASES,
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
