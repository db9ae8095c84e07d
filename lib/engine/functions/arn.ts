import { AwsError, invalidParameter } from "../http/types";

/** The service model's patterns, quoted verbatim in ValidationException messages as AWS does. */
const FUNCTION_NAME_PATTERN =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
const NAMESPACED_FUNCTION_NAME_PATTERN =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
const QUALIFIER_PATTERN = "(|[a-zA-Z0-9$_-]+)";
export const ALIAS_PATTERN = "(?!^[0-9]+$)([a-zA-Z0-9-_]+)";

const PARSE_RE =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov)?-[a-z]+-\d{1}):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;

export const validationError = (message: string) =>
  new AwsError(400, "ValidationException", message, "message");

/** "1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: <constraint>" */
export function constraintError(value: unknown, field: string, constraint: string): AwsError {
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return validationError(
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export interface FunctionRef {
  name: string;
  /** Qualifier from the name (":1", ":prod") or the Qualifier parameter, whichever was given. */
  qualifier?: string;
}

/**
 * Parses a function name, partial ARN (123456789012:function:name) or full ARN, with an optional
 * ":qualifier", as every Lambda operation accepts it. `explicit` is the ?Qualifier parameter.
 */
export function parseFunctionRef(
  raw: string,
  explicit?: string,
  opts: { createPattern?: boolean } = {},
): FunctionRef {
  const pattern = opts.createPattern ? FUNCTION_NAME_PATTERN : NAMESPACED_FUNCTION_NAME_PATTERN;
  const max = opts.createPattern ? 140 : 170;
  if (raw.length > max)
    throw constraintError(
      raw,
      "functionName",
      `Member must have length less than or equal to ${max}`,
    );
  const m = PARSE_RE.exec(raw);
  if (!m || (opts.createPattern && (m[3] ?? "").includes("."))) {
    throw constraintError(
      raw,
      "functionName",
      `Member must satisfy regular expression pattern: ${pattern}`,
    );
  }
  const name = m[3] ?? "";
  if (name.length > 64)
    throw constraintError(raw, "functionName", "Member must have length less than or equal to 64");
  const fromName = m[4];
  if (explicit !== undefined) {
    if (!/^[a-zA-Z0-9$_-]+$/.test(explicit) || explicit.length > 128) {
      throw constraintError(
        explicit,
        "qualifier",
        `Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`,
      );
    }
    if (fromName !== undefined && fromName !== explicit) {
      throw invalidParameter(
        "The derived qualifier from the function name does not match the specified qualifier.",
      );
    }
  }
  const qualifier = explicit ?? fromName;
  return qualifier === undefined ? { name } : { name, qualifier };
}

/** arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>] */
export function functionArn(arnPrefix: string, name: string, qualifier?: string): string {
  return `${arnPrefix}function:${name}${qualifier === undefined ? "" : `:${qualifier}`}`;
}

export const functionNotFound = (arn: string) =>
  new AwsError(404, "ResourceNotFoundException", `Function not found: ${arn}`, "Message");
export const aliasNotFound = (arn: string) =>
  new AwsError(404, "ResourceNotFoundException", `Alias not found: ${arn}`, "Message");

export const isVersionNumber = (q: string) => /^[0-9]+$/.test(q);
