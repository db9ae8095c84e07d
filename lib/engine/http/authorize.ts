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
 * do everything.
 */
export function authorize(
  principal: Principal,
  operation: Operation,
  req: EngineRequest,
): EngineResponse | undefined {
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
