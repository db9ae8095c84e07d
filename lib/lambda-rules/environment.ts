/**
 * Environment-variable rules as Lambda applies them (pure: shared by the engine's validation and
 * the console's forms, so both refuse and accept the same variables).
 */

/** The service model's EnvironmentVariableName pattern, quoted verbatim in AWS's messages. */
export const ENV_KEY_PATTERN = "[a-zA-Z]([a-zA-Z0-9_])+";
const ENV_KEY_RE = new RegExp(`^${ENV_KEY_PATTERN}$`);

/**
 * Keys Lambda sets itself and refuses in Environment (AWS's "reserved environment variables").
 * Others starting with AWS_ (AWS_LAMBDA_EXEC_WRAPPER, AWS_XRAY_*) may be set, as on AWS.
 */
const RESERVED_ENV_KEYS: ReadonlySet<string> = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_LAMBDA_RUNTIME_API",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
]);

/** All variables together, measured as AWS measures them: the UTF-8 bytes of their JSON. */
const ENV_MAX_BYTES = 4096;

const environmentJson = (vars: Record<string, string>) => JSON.stringify(vars);

function environmentBytes(vars: Record<string, string>): number {
  return new TextEncoder().encode(environmentJson(vars)).length;
}

export type EnvironmentProblem =
  | { kind: "key-pattern"; key: string }
  | { kind: "reserved"; keys: string[] }
  | { kind: "too-large"; bytes: number; measured: string };

/** Every problem of a variable set, in the order Lambda reports them (pattern, reserved, size). */
export function environmentProblems(vars: Record<string, string>): EnvironmentProblem[] {
  const keys = Object.keys(vars);
  const badKeys = keys.filter((k) => !ENV_KEY_RE.test(k));
  if (badKeys.length > 0) return badKeys.map((key) => ({ kind: "key-pattern", key }));
  const reserved = keys.filter((k) => RESERVED_ENV_KEYS.has(k));
  if (reserved.length > 0) return [{ kind: "reserved", keys: reserved }];
  const bytes = environmentBytes(vars);
  if (bytes > ENV_MAX_BYTES) return [{ kind: "too-large", bytes, measured: environmentJson(vars) }];
  return [];
}

/** A short sentence for a form field (the engine answers with AWS's own wording instead). */
export function describeEnvironmentProblem(p: EnvironmentProblem): string {
  switch (p.kind) {
    case "key-pattern":
      return `${p.key || "(empty)"}: a variable name is a letter then at least one letter, digit or _`;
    case "reserved":
      return `${p.keys.join(", ")} ${p.keys.length === 1 ? "is" : "are"} reserved by Lambda`;
    case "too-large":
      return `At most 4 KB of variables in total (these take ${p.bytes} bytes)`;
  }
}
