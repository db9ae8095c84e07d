import { validationError } from "../functions/arn";
import { invalidParameter } from "../errors/aws-error";

/** One statement of a function's resource-based policy, as AWS writes it into the policy JSON. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal: "*" | { Service: string } | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

const STATEMENT_ID = /^[a-zA-Z0-9-_]+$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;
const SOURCE_OWNER = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const EVENT_SOURCE_TOKEN = /^[a-zA-Z0-9._-]+$/;
const ARN =
  /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/;
const PRINCIPAL_ARN = /^arn:aws[a-zA-Z-]*:(iam|sts)::\d{12}:.+$/;

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidParameter(`${key} must be a string.`);
  return v;
}

/** AWS writes principals three ways: "*", a service, or an account/IAM ARN. */
function principalOf(raw: string): PolicyStatement["Principal"] {
  if (raw === "*") return "*";
  if (/^\d{12}$/.test(raw)) return { AWS: `arn:aws:iam::${raw}:root` };
  if (PRINCIPAL_ARN.test(raw)) return { AWS: raw };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(raw)) return { Service: raw };
  throw invalidParameter(
    "The provided principal was invalid. Please check the principal and try again.",
  );
}

/**
 * Builds the statement AddPermission adds from its request body, validating each field as the
 * model constrains it (ValidationException) and the principal as Lambda does.
 */
export function buildStatement(body: Record<string, unknown>, resource: string): PolicyStatement {
  const sid = str(body, "StatementId");
  const action = str(body, "Action");
  const principal = str(body, "Principal");
  const errors: string[] = [];
  const check = (value: string | undefined, field: string, ok: boolean, constraint: string) => {
    if (value !== undefined && !ok)
      errors.push(`Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`);
  };
  if (sid === undefined)
    errors.push(
      "Value null at 'statementId' failed to satisfy constraint: Member must not be null",
    );
  if (action === undefined)
    errors.push("Value null at 'action' failed to satisfy constraint: Member must not be null");
  if (principal === undefined)
    errors.push("Value null at 'principal' failed to satisfy constraint: Member must not be null");
  check(
    sid,
    "statementId",
    sid === undefined || sid.length <= 100,
    "Member must have length less than or equal to 100",
  );
  check(
    sid,
    "statementId",
    sid === undefined || STATEMENT_ID.test(sid),
    "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
  );
  check(
    action,
    "action",
    action === undefined || ACTION.test(action),
    "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])",
  );
  check(
    principal,
    "principal",
    principal === undefined || /^[^\s]+$/.test(principal),
    "Member must satisfy regular expression pattern: [^\\s]+",
  );
  const sourceArn = str(body, "SourceArn");
  const sourceAccount = str(body, "SourceAccount");
  const orgId = str(body, "PrincipalOrgID");
  const token = str(body, "EventSourceToken");
  const authType = str(body, "FunctionUrlAuthType");
  check(
    sourceArn,
    "sourceArn",
    sourceArn === undefined || ARN.test(sourceArn),
    "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)",
  );
  check(
    sourceAccount,
    "sourceAccount",
    sourceAccount === undefined || SOURCE_OWNER.test(sourceAccount),
    "Member must satisfy regular expression pattern: \\d{12}",
  );
  check(
    orgId,
    "principalOrgID",
    orgId === undefined || ORG_ID.test(orgId),
    "Member must satisfy regular expression pattern: o-[a-z0-9]{10,32}",
  );
  check(
    token,
    "eventSourceToken",
    token === undefined || EVENT_SOURCE_TOKEN.test(token),
    "Member must satisfy regular expression pattern: [a-zA-Z0-9._\\-]+",
  );
  check(
    authType,
    "functionUrlAuthType",
    authType === undefined || authType === "NONE" || authType === "AWS_IAM",
    "Member must satisfy enum value set: [NONE, AWS_IAM]",
  );
  if (errors.length === 1) throw constraintErrorFrom(errors[0] ?? "");
  if (errors.length > 1)
    throw constraintErrorFrom(errors.join("; "), `${errors.length} validation errors detected: `);
  const invokedViaUrl = body.InvokedViaFunctionUrl;
  const condition: Record<string, Record<string, string>> = {};
  const add = (op: string, key: string, value: string) => {
    condition[op] = { ...condition[op], [key]: value };
  };
  if (sourceAccount !== undefined) add("StringEquals", "AWS:SourceAccount", sourceAccount);
  if (token !== undefined) add("StringEquals", "lambda:EventSourceToken", token);
  if (orgId !== undefined) add("StringEquals", "aws:PrincipalOrgID", orgId);
  if (authType !== undefined) add("StringEquals", "lambda:FunctionUrlAuthType", authType);
  if (invokedViaUrl === true) add("Bool", "lambda:InvokedViaFunctionUrl", "true");
  if (sourceArn !== undefined) add("ArnLike", "AWS:SourceArn", sourceArn);
  return {
    Sid: sid ?? "",
    Effect: "Allow",
    Principal: principalOf(principal ?? ""),
    Action: action ?? "",
    Resource: resource,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

const constraintErrorFrom = (detail: string, prefix = "1 validation error detected: ") =>
  validationError(`${prefix}${detail}`);

/** What a request brings to the evaluation of a statement's conditions. */
export interface RequestContext {
  action: string;
  /** "*" for an anonymous caller; else the caller's account id. */
  principalAccount: string | "*";
  keys: Record<string, string>;
}

const actionMatches = (pattern: string, action: string) =>
  pattern === "*" || pattern === "lambda:*" || pattern.toLowerCase() === action.toLowerCase();

function principalMatches(p: PolicyStatement["Principal"], account: string): boolean {
  if (p === "*") return true;
  if ("AWS" in p) return p.AWS === "*" || (account !== "*" && p.AWS.includes(`::${account}:`));
  return false;
}

/** True when one statement allows the request: principal, action and every condition hold. */
export function statementAllows(s: PolicyStatement, req: RequestContext): boolean {
  if (s.Effect !== "Allow" || !actionMatches(s.Action, req.action)) return false;
  if (!principalMatches(s.Principal, req.principalAccount)) return false;
  for (const [op, entries] of Object.entries(s.Condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = req.keys[key] ?? req.keys[key.toLowerCase()];
      if (actual === undefined) return false;
      if (op === "StringEquals" && actual !== expected) return false;
      if (op === "Bool" && actual !== expected) return false;
      if (op === "ArnLike" && !arnLike(expected, actual)) return false;
    }
  }
  return true;
}

function arnLike(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return re.test(value);
}
