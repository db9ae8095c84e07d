import { AwsError, invalidParameter } from "../errors/aws-error";
import { Violations } from "../../lambda-rules/constraints";

/** The current service model's patterns, quoted verbatim in ValidationException messages as AWS does. */
const REGION = "(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}";
const FUNCTION_NAME_PATTERN = `(arn:(aws[a-zA-Z-]*)?:lambda:)?(${REGION}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`;
const NAMESPACED_FUNCTION_NAME_PATTERN = `(arn:(aws[a-zA-Z-]*)?:lambda:${REGION}:\\d{12}:|((${REGION}:)?(\\d{12}:)?))(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`;
const UNQUALIFIED_FUNCTION_NAME_PATTERN = `(arn:(aws[a-zA-Z-]*)?:lambda:)?(${REGION}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)`;
/** NumericLatestPublishedOrAliasQualifier: the ?Qualifier of Get/Delete/Invoke and most others. */
const QUALIFIER_PATTERN = "\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+";
export const ALIAS_PATTERN = "(?!^[0-9]+$)([a-zA-Z0-9-_]+)";

/** Which of the model's function-name shapes an operation takes (its pattern and length). */
export type NameShape = "FunctionName" | "NamespacedFunctionName" | "UnqualifiedFunctionName";
const SHAPES: Record<NameShape, { max: number; pattern: string }> = {
  FunctionName: { max: 140, pattern: FUNCTION_NAME_PATTERN },
  NamespacedFunctionName: { max: 256, pattern: NAMESPACED_FUNCTION_NAME_PATTERN },
  UnqualifiedFunctionName: { max: 140, pattern: UNQUALIFIED_FUNCTION_NAME_PATTERN },
};

const PARSE_RE =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:((?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso[a-z]?))?-[a-z]+-\d{1}):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/;
const QUALIFIER_RE = /^(?:\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+)$/;

export const validationError = (message: string) =>
  new AwsError(400, "ValidationException", message, "message");

/** "1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: <constraint>" */
export function constraintError(value: unknown, field: string, constraint: string): AwsError {
  return validationError(new Violations().add(value, field, constraint).message() ?? "");
}

/** Throws one ValidationException naming every violation collected so far, as AWS does. */
export function throwViolations(v: Violations): void {
  const message = v.message();
  if (message !== undefined) throw validationError(message);
}

/** Checks a function name against its shape's length and pattern (length first, as AWS). */
export function checkFunctionName(v: Violations, raw: string, shape: NameShape): void {
  const { max, pattern } = SHAPES[shape];
  const m = PARSE_RE.exec(raw);
  const fits =
    m !== null &&
    (shape === "NamespacedFunctionName" || !(m[3] ?? "").includes(".")) &&
    (shape !== "UnqualifiedFunctionName" || m[4] === undefined) &&
    (shape === "NamespacedFunctionName" || !(m[4] ?? "").includes("."));
  v.text(raw, "functionName", { min: 1, max });
  if (!fits)
    v.add(raw, "functionName", `Member must satisfy regular expression pattern: ${pattern}`);
}

/** The model's Qualifier shape (provisioned concurrency): an older, looser pattern. */
const PLAIN_QUALIFIER_PATTERN = "(|[a-zA-Z0-9$_-]+)";
const PLAIN_QUALIFIER_RE = /^(|[a-zA-Z0-9$_-]+)$/;
export type QualifierShape = "NumericLatestPublishedOrAliasQualifier" | "Qualifier";

function checkQualifier(
  v: Violations,
  q: string,
  shape: QualifierShape = "NumericLatestPublishedOrAliasQualifier",
): void {
  const plain = shape === "Qualifier";
  v.text(q, "qualifier", {
    min: 1,
    max: 128,
    pattern: plain ? PLAIN_QUALIFIER_PATTERN : QUALIFIER_PATTERN,
    re: plain ? PLAIN_QUALIFIER_RE : QUALIFIER_RE,
  });
}

export interface FunctionRef {
  name: string;
  /** Qualifier from the name (":1", ":prod") or the Qualifier parameter, whichever was given. */
  qualifier?: string;
  /** The region and account an ARN or partial ARN named, when it named them. */
  region?: string;
  account?: string;
}

/**
 * Parses a function name, partial ARN (123456789012:function:name) or full ARN, with an optional
 * ":qualifier", as every Lambda operation accepts it. `explicit` is the ?Qualifier parameter.
 */
export function parseFunctionRef(
  raw: string,
  explicit?: string,
  opts: { createPattern?: boolean; shape?: NameShape; qualifierShape?: QualifierShape } = {},
): FunctionRef {
  const shape = opts.shape ?? (opts.createPattern ? "FunctionName" : "NamespacedFunctionName");
  const v = new Violations();
  checkFunctionName(v, raw, shape);
  if (explicit !== undefined) checkQualifier(v, explicit, opts.qualifierShape);
  throwViolations(v);
  const m = PARSE_RE.exec(raw);
  const name = m?.[3] ?? "";
  if (name.length > 64)
    throw constraintError(raw, "functionName", "Member must have length less than or equal to 64");
  const fromName = m?.[4];
  if (explicit !== undefined && fromName !== undefined && fromName !== explicit) {
    throw invalidParameter(
      "The derived qualifier from the function name does not match the specified qualifier.",
    );
  }
  const qualifier = explicit ?? fromName;
  return {
    name,
    ...(qualifier === undefined ? {} : { qualifier }),
    ...(m?.[1] ? { region: m[1] } : {}),
    ...(m?.[2] ? { account: m[2] } : {}),
  };
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
