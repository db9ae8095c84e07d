import { namedScope } from "./named-scope";
import { protocolError, type Operation } from "./operations";
import type { EngineRequest, EngineResponse, FunctionScope, Principal } from "./types";

/**
 * What a function's session credentials may do, as AWSLambdaBasicExecutionRole plus invoke
 * allows on AWS: call any function, and create/write its own log group. Everything else is denied.
 */
const OWN_LOG_GROUP_ACTIONS = new Set([
  "logs:CreateLogGroup",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
]);

/**
 * Decides whether `principal` may run `operation` on the resource of `req`. Returns the
 * AccessDeniedException response to send, or undefined when allowed. The engine's own key may
 * do everything in its account (`home`, when given: ARNs of another account are refused).
 */
export function authorize(
  principal: Principal,
  operation: Operation,
  req: EngineRequest,
  home?: Home,
): EngineResponse | undefined {
  const foreign =
    home === undefined ? undefined : otherAccountRefusal(principal, operation, req, home);
  if (foreign) return foreign;
  if (principal.kind === "engine") return undefined;
  const { scope } = principal;
  const { region, account } = arnParts(scope.functionArn);
  if (operation.action === "lambda:InvokeFunction") return undefined;
  const groups = operation.action.startsWith("logs:") ? logGroupsOf(req) : [];
  // Every group the call names must be its own, whichever member the route reads.
  const ownGroup = groups.length > 0 && groups.every((g) => g === scope.logGroup);
  if (OWN_LOG_GROUP_ACTIONS.has(operation.action) && ownGroup) return undefined;
  const group = groups.find((g) => g !== scope.logGroup) ?? groups[0];
  const resource = operation.action.startsWith("lambda:")
    ? lambdaResource(req, operation, region, account)
    : group !== undefined
      ? `arn:aws:logs:${region}:${account}:log-group:${group}:*`
      : "*";
  const message = `User: ${assumedRoleArn(scope)} is not authorized to perform: ${operation.action} on resource: ${resource} because no identity-based policy allows the ${operation.action} action`;
  // S3 (restXml) and the query services (RDS, CloudWatch's query form) spell it without "Exception".
  const code =
    operation.protocol === "restXml" || operation.protocol === "awsQuery"
      ? "AccessDenied"
      : "AccessDeniedException";
  return protocolError(operation.protocol, 403, code, message, "Message");
}

/** The account and region this engine is. */
export interface Home {
  accountId: string;
  region: string;
}

/**
 * This engine is one account (`home`), and no resource policy of another account exists here to
 * allow anything: a Lambda call naming a function (or alias, tag target, code signing config) of
 * another account is refused as AWS refuses a caller the other account has not allowed, whoever
 * asks. An ARN of another region is left to the route, which answers AWS's "not reachable".
 */
function otherAccountRefusal(
  principal: Principal,
  operation: Operation,
  req: EngineRequest,
  home: Home,
): EngineResponse | undefined {
  if (!operation.action.startsWith("lambda:")) return undefined;
  const raw = req.params.arn ?? req.params.name;
  // Invoke's hot path: a plain name names no account.
  if (raw === undefined || !raw.includes(":")) return undefined;
  // Layer ARNs are the layer routes' own (layers/service.ts).
  const named = namedScope(raw);
  if (named === undefined || named.account === home.accountId) return undefined;
  const where = req.signing?.scope.split("/")[1] ?? home.region;
  if (named.region !== undefined && named.region !== where) return undefined;
  const resource = raw.startsWith("arn:")
    ? raw
    : `arn:aws:lambda:${where}:${raw.slice(raw.indexOf(named.account))}`;
  const qualifier = req.query.get("Qualifier");
  const qualified =
    qualifier && /:function:[^:]+$/.test(resource) ? `${resource}:${qualifier}` : resource;
  const who =
    principal.kind === "engine"
      ? `arn:aws:iam::${home.accountId}:root`
      : assumedRoleArn(principal.scope);
  const { action } = operation;
  return protocolError(
    operation.protocol,
    403,
    "AccessDeniedException",
    `User: ${who} is not authorized to perform: ${action} on resource: ${qualified} because no resource-based policy allows the ${action} action`,
    "Message",
  );
}

/** arn:aws:sts::<account>:assumed-role/<role name>/<function name>, as Lambda's role session is. */
export function assumedRoleArn(scope: FunctionScope): string {
  // arn:aws:iam::<account>:role/<optional path/><name>
  const m = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(scope.roleArn);
  const account = m?.[1] ?? arnParts(scope.functionArn).account;
  const role = m?.[2] ?? scope.roleArn;
  return `arn:aws:sts::${account}:assumed-role/${role}/${scope.functionName}`;
}

function arnParts(arn: string): { region: string; account: string } {
  const parts = arn.split(":");
  return { region: parts[3] ?? "", account: parts[4] ?? "" };
}

/** The function a Lambda call acts on, as an ARN with its qualifier; "*" for account-wide calls. */
function lambdaResource(
  req: EngineRequest,
  operation: Operation,
  region: string,
  account: string,
): string {
  if (req.params.arn !== undefined) return req.params.arn;
  const raw =
    req.params.name ??
    (operation.action === "lambda:CreateFunction" ? stringFields(req).FunctionName : undefined);
  if (raw === undefined) return "*";
  // name, 123456789012:function:name or a full ARN, each with an optional :qualifier
  const m = /^(?:arn:[^:]*:lambda:[^:]*:)?(?:\d{12}:)?(?:function:)?([^:]+)(?::([^:]+))?$/.exec(
    raw,
  );
  const name = m?.[1] ?? raw;
  const qualifier = m?.[2] ?? req.query.get("Qualifier") ?? undefined;
  const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}

/** String members of the JSON body; none when it is not JSON (the route reports that itself). */
function stringFields(req: EngineRequest): Record<string, string> {
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString("utf8"));
  } catch {
    return {};
  }
  if (body === null || typeof body !== "object") return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

/** The log groups a CloudWatch Logs call names, by name and by identifier (a name or an ARN). */
function logGroupsOf(req: EngineRequest): string[] {
  const { logGroupName, logGroupIdentifier } = stringFields(req);
  const groups: string[] = [];
  if (logGroupName !== undefined) groups.push(logGroupName);
  if (logGroupIdentifier !== undefined) {
    const arn = /^arn:[^:]*:logs:[^:]*:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(logGroupIdentifier);
    groups.push(arn?.[1] ?? logGroupIdentifier);
  }
  return groups;
}
