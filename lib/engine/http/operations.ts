import type { IncomingHttpHeaders } from "node:http";
import { MAX_ASYNC_PAYLOAD, MAX_SYNC_PAYLOAD } from "./payload-limits";
import { encodeCbor } from "./cbor";
import { json, type EngineResponse } from "./types";

/**
 * What the engine knows of an operation before it reads the body: the IAM action it is
 * authorized as, the wire protocol its errors speak, and the largest body it takes.
 */
export interface Operation {
  /** Service-prefixed as IAM policies and AccessDenied messages spell it: "lambda:GetFunction". */
  action: string;
  protocol: "restJson1" | "awsJson1.1" | "awsJson1.0" | "restXml" | "awsQuery" | "rpcv2Cbor";
  /** Bodies above this are refused with 413 before they are buffered. */
  maxBodyBytes: number;
  /** The operation the 413 message names (Lambda says InvokeAsync for an Event invoke). */
  limitName: string;
}

/** The request as far as the server has it before the body: enough to pick the operation. */
export interface RequestHead {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export type OperationOf = (head: RequestHead) => Operation;

/** Everything whose input is configuration, names or filters: far below this on AWS too. */
export const DEFAULT_MAX_BODY = 1_048_576;
/** base64 of a 50 MB zip plus 256 KiB: the largest CreateFunction/UpdateFunctionCode request (AWS names it in its 413). */
export const MAX_ZIP_REQUEST = 70_167_211;
/** PublishLayerVersion's figure: base64 of 50 MB (AWS's function limit grew by 256 KiB since). */
const MAX_LAYER_ZIP_REQUEST = 69_905_067;
/**
 * PutLogEvents takes 1,048,576 bytes of messages (plus 26 per event), counted after JSON decoding;
 * JSON escaping can grow a message six-fold ("\u0001"), and 10,000 events add their keys.
 */
const MAX_PUT_LOG_EVENTS_BODY = 6 * 1_048_576 + 1_048_576;

const fixed =
  (action: string, protocol: Operation["protocol"], maxBodyBytes = DEFAULT_MAX_BODY): OperationOf =>
  () => ({ action, protocol, maxBodyBytes, limitName: action.slice(action.indexOf(":") + 1) });

const lambda = (name: string, maxBodyBytes?: number) =>
  fixed(`lambda:${name}`, "restJson1", maxBodyBytes);

const invoke: OperationOf = (head) => {
  const event = head.headers["x-amz-invocation-type"] === "Event";
  return {
    action: "lambda:InvokeFunction",
    protocol: "restJson1",
    maxBodyBytes: event ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD,
    limitName: event ? "InvokeAsync" : "InvokeFunction",
  };
};

const provisionedGet: OperationOf = (head) =>
  lambda(
    head.query.get("List") === "ALL"
      ? "ListProvisionedConcurrencyConfigs"
      : "GetProvisionedConcurrencyConfig",
  )(head);

const efs = (name: string) => fixed(`elasticfilesystem:${name}`, "restJson1");

const FUNCTIONS = "/2015-03-31/functions";
const ALIASES = `${FUNCTIONS}/:name/aliases`;
const PROVISIONED = "/2019-09-30/functions/:name/provisioned-concurrency";
const EVENT_INVOKE_CONFIG = "/2019-09-25/functions/:name/event-invoke-config";
const LAYERS = "/2018-10-31/layers";
const LAYER_VERSION = `${LAYERS}/:name/versions/:version`;

// GetLayerVersionByArn shares ListLayers' path (?find=LayerVersion) and GetLayerVersion's action.
const layersGet: OperationOf = (head) =>
  lambda(head.query.get("find") === "LayerVersion" ? "GetLayerVersion" : "ListLayers")(head);
const CSC = "/2020-04-22/code-signing-configs";
const FUNCTION_CSC = "/2020-06-30/functions/:name/code-signing-config";
const FUNCTION_URL = "/2021-10-31/functions/:name/url";
const RUNTIME_MANAGEMENT = "/2021-07-20/functions/:name/runtime-management-config";

/**
 * Every REST route the engine serves, by "<METHOD> <template>" as it is registered. The router
 * refuses to register a route missing here, so none goes without an action and a body cap.
 */
const REST_OPERATIONS: Record<string, OperationOf> = {
  [`POST ${FUNCTIONS}/:name/invocations`]: invoke,
  [`POST ${FUNCTIONS}`]: lambda("CreateFunction", MAX_ZIP_REQUEST),
  [`GET ${FUNCTIONS}`]: lambda("ListFunctions"),
  [`GET ${FUNCTIONS}/:name`]: lambda("GetFunction"),
  [`GET ${FUNCTIONS}/:name/configuration`]: lambda("GetFunctionConfiguration"),
  [`DELETE ${FUNCTIONS}/:name`]: lambda("DeleteFunction"),
  [`PUT ${FUNCTIONS}/:name/code`]: lambda("UpdateFunctionCode", MAX_ZIP_REQUEST),
  [`PUT ${FUNCTIONS}/:name/configuration`]: lambda("UpdateFunctionConfiguration"),
  [`POST ${FUNCTIONS}/:name/versions`]: lambda("PublishVersion"),
  [`GET ${FUNCTIONS}/:name/versions`]: lambda("ListVersionsByFunction"),
  [`POST ${ALIASES}`]: lambda("CreateAlias"),
  [`GET ${ALIASES}`]: lambda("ListAliases"),
  [`GET ${ALIASES}/:alias`]: lambda("GetAlias"),
  [`PUT ${ALIASES}/:alias`]: lambda("UpdateAlias"),
  [`DELETE ${ALIASES}/:alias`]: lambda("DeleteAlias"),
  ["GET /2017-03-31/tags/:arn"]: lambda("ListTags"),
  ["POST /2017-03-31/tags/:arn"]: lambda("TagResource"),
  ["DELETE /2017-03-31/tags/:arn"]: lambda("UntagResource"),
  ["GET /2016-08-19/account-settings"]: lambda("GetAccountSettings"),
  ["PUT /2017-10-31/functions/:name/concurrency"]: lambda("PutFunctionConcurrency"),
  ["GET /2019-09-30/functions/:name/concurrency"]: lambda("GetFunctionConcurrency"),
  ["DELETE /2017-10-31/functions/:name/concurrency"]: lambda("DeleteFunctionConcurrency"),
  [`PUT ${PROVISIONED}`]: lambda("PutProvisionedConcurrencyConfig"),
  [`GET ${PROVISIONED}`]: provisionedGet,
  [`DELETE ${PROVISIONED}`]: lambda("DeleteProvisionedConcurrencyConfig"),
  [`PUT ${EVENT_INVOKE_CONFIG}`]: lambda("PutFunctionEventInvokeConfig"),
  [`POST ${EVENT_INVOKE_CONFIG}`]: lambda("UpdateFunctionEventInvokeConfig"),
  [`GET ${EVENT_INVOKE_CONFIG}`]: lambda("GetFunctionEventInvokeConfig"),
  [`DELETE ${EVENT_INVOKE_CONFIG}`]: lambda("DeleteFunctionEventInvokeConfig"),
  [`GET ${EVENT_INVOKE_CONFIG}/list`]: lambda("ListFunctionEventInvokeConfigs"),
  // EFS (issue 17): file systems, access points, mount targets, tags.
  ["POST /2015-02-01/file-systems"]: efs("CreateFileSystem"),
  ["GET /2015-02-01/file-systems"]: efs("DescribeFileSystems"),
  ["DELETE /2015-02-01/file-systems/:id"]: efs("DeleteFileSystem"),
  ["POST /2015-02-01/access-points"]: efs("CreateAccessPoint"),
  ["GET /2015-02-01/access-points"]: efs("DescribeAccessPoints"),
  ["DELETE /2015-02-01/access-points/:id"]: efs("DeleteAccessPoint"),
  ["POST /2015-02-01/mount-targets"]: efs("CreateMountTarget"),
  ["GET /2015-02-01/mount-targets"]: efs("DescribeMountTargets"),
  ["DELETE /2015-02-01/mount-targets/:id"]: efs("DeleteMountTarget"),
  ["POST /2015-02-01/resource-tags/:id"]: efs("TagResource"),
  ["GET /2015-02-01/resource-tags/:id"]: efs("ListTagsForResource"),
  ["DELETE /2015-02-01/resource-tags/:id"]: efs("UntagResource"),
  [`GET ${LAYERS}`]: layersGet,
  [`POST ${LAYERS}/:name/versions`]: lambda("PublishLayerVersion", MAX_LAYER_ZIP_REQUEST),
  [`GET ${LAYERS}/:name/versions`]: lambda("ListLayerVersions"),
  [`GET ${LAYER_VERSION}`]: lambda("GetLayerVersion"),
  [`DELETE ${LAYER_VERSION}`]: lambda("DeleteLayerVersion"),
  [`POST ${LAYER_VERSION}/policy`]: lambda("AddLayerVersionPermission"),
  [`GET ${LAYER_VERSION}/policy`]: lambda("GetLayerVersionPolicy"),
  [`DELETE ${LAYER_VERSION}/policy/:sid`]: lambda("RemoveLayerVersionPermission"),
  // Code signing configurations (lib/engine/api/lambda/code-signing-configs.ts).
  [`POST ${CSC}`]: lambda("CreateCodeSigningConfig"),
  [`GET ${CSC}`]: lambda("ListCodeSigningConfigs"),
  [`GET ${CSC}/:arn`]: lambda("GetCodeSigningConfig"),
  [`PUT ${CSC}/:arn`]: lambda("UpdateCodeSigningConfig"),
  [`DELETE ${CSC}/:arn`]: lambda("DeleteCodeSigningConfig"),
  [`GET ${CSC}/:arn/functions`]: lambda("ListFunctionsByCodeSigningConfig"),
  [`PUT ${FUNCTION_CSC}`]: lambda("PutFunctionCodeSigningConfig"),
  [`GET ${FUNCTION_CSC}`]: lambda("GetFunctionCodeSigningConfig"),
  [`DELETE ${FUNCTION_CSC}`]: lambda("DeleteFunctionCodeSigningConfig"),
  // Issue 21: resource policies, function URLs, streaming and configuration operations.
  [`POST ${FUNCTIONS}/:name/policy`]: lambda("AddPermission"),
  [`DELETE ${FUNCTIONS}/:name/policy/:sid`]: lambda("RemovePermission"),
  [`GET ${FUNCTIONS}/:name/policy`]: lambda("GetPolicy"),
  [`POST ${FUNCTION_URL}`]: lambda("CreateFunctionUrlConfig"),
  [`GET ${FUNCTION_URL}`]: lambda("GetFunctionUrlConfig"),
  [`PUT ${FUNCTION_URL}`]: lambda("UpdateFunctionUrlConfig"),
  [`DELETE ${FUNCTION_URL}`]: lambda("DeleteFunctionUrlConfig"),
  [`GET ${FUNCTION_URL}s`]: lambda("ListFunctionUrlConfigs"),
  // IAM authorizes a streamed invoke as InvokeFunction; its 413 names the operation called.
  ["POST /2021-11-15/functions/:name/response-streaming-invocations"]: (head) => ({
    ...lambda("InvokeFunction", MAX_SYNC_PAYLOAD)(head),
    limitName: "InvokeWithResponseStream",
  }),
  ["POST /2014-11-13/functions/:name/invoke-async"]: (head) => ({
    ...lambda("InvokeFunction", MAX_ASYNC_PAYLOAD)(head),
    limitName: "InvokeAsync",
  }),
  ["GET /2024-08-31/functions/:name/recursion-config"]: lambda("GetFunctionRecursionConfig"),
  ["PUT /2024-08-31/functions/:name/recursion-config"]: lambda("PutFunctionRecursionConfig"),
  [`GET ${RUNTIME_MANAGEMENT}`]: lambda("GetRuntimeManagementConfig"),
  [`PUT ${RUNTIME_MANAGEMENT}`]: lambda("PutRuntimeManagementConfig"),
  // The console's own status endpoint: no AWS action, so only the engine's key passes.
  ["GET /lambda-console/engine-status"]: fixed("lambda-console:GetEngineStatus", "restJson1"),
  // Database proxies (issue 16): live pool figures and connected functions, for the console.
  ["GET /lambda-console/db-proxies/:name/pool"]: fixed(
    "lambda-console:GetDBProxyPool",
    "restJson1",
  ),
  ["GET /lambda-console/db-proxies/:name/functions"]: fixed(
    "lambda-console:ListDBProxyFunctions",
    "restJson1",
  ),
  ["PUT /lambda-console/db-proxies/:name/functions/:fn"]: fixed(
    "lambda-console:ConnectDBProxyFunction",
    "restJson1",
  ),
  ["DELETE /lambda-console/db-proxies/:name/functions/:fn"]: fixed(
    "lambda-console:DisconnectDBProxyFunction",
    "restJson1",
  ),
};

/** The operation of a REST route, or undefined when the route is not in the table. */
export function restOperation(method: string, template: string): OperationOf | undefined {
  return REST_OPERATIONS[`${method} ${template}`];
}

/**
 * The actions of every REST route in the table, with each variant a head can select (Event
 * invokes, List=ALL): what the audit trail's classification test walks.
 */
export function restActions(): string[] {
  const heads: RequestHead[] = [
    { method: "GET", path: "/", query: new URLSearchParams(), headers: {} },
    {
      method: "GET",
      path: "/",
      query: new URLSearchParams({ List: "ALL" }),
      headers: { "x-amz-invocation-type": "Event" },
    },
  ];
  const actions = new Set<string>();
  for (const op of Object.values(REST_OPERATIONS))
    for (const head of heads) actions.add(op(head).action);
  return [...actions];
}

/** JSON protocols name the service in X-Amz-Target's prefix: "Logs_20140328.PutLogEvents". */
const TARGET_SERVICES: Record<string, { prefix: string; protocol: Operation["protocol"] }> = {
  Logs_20140328: { prefix: "logs", protocol: "awsJson1.1" },
  GraniteServiceVersion20100801: { prefix: "cloudwatch", protocol: "awsJson1.0" },
  // The engine's audit trail (lib/engine/audit): LookupEvents. The JS SDK v3 sends the short
  // prefix, botocore (the AWS CLI) the model's full targetPrefix.
  CloudTrail_20131101: { prefix: "cloudtrail", protocol: "awsJson1.1" },
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101": {
    prefix: "cloudtrail",
    protocol: "awsJson1.1",
  },
  secretsmanager: { prefix: "secretsmanager", protocol: "awsJson1.1" },
};

const TARGET_BODY_CAPS: Record<string, number> = {
  "Logs_20140328.PutLogEvents": MAX_PUT_LOG_EVENTS_BODY,
};

/** The operation of an X-Amz-Target, or undefined for a service the engine does not know. */
export function targetOperation(target: string): OperationOf | undefined {
  // The prefix may hold dots itself ("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101").
  const dot = target.lastIndexOf(".");
  const service = TARGET_SERVICES[target.slice(0, dot)];
  if (dot === -1 || !service) return undefined;
  return fixed(
    `${service.prefix}:${target.slice(dot + 1)}`,
    service.protocol,
    TARGET_BODY_CAPS[target],
  );
}

/**
 * An error in the operation's wire protocol: restJson1 as AwsError shapes it (Type and the message
 * key the model spells), the JSON protocols as `__type` and `message`. The SDK reads the code
 * from x-amzn-ErrorType in both.
 */
export function protocolError(
  protocol: Operation["protocol"],
  status: number,
  type: string,
  message: string,
  restMessageKey: "message" | "Message",
): EngineResponse {
  if (protocol === "restJson1") return restJsonError(status, type, message, restMessageKey);
  if (protocol === "restXml" || protocol === "awsQuery")
    return xmlError(protocol, status, type, message);
  // Smithy RPC v2 CBOR: CloudWatch only here, awsQueryCompatible as its JSON protocol.
  if (protocol === "rpcv2Cbor")
    return {
      status,
      headers: {
        "content-type": "application/cbor",
        "smithy-protocol": "rpc-v2-cbor",
        "x-amzn-query-error": `${type.replace(/Exception$/, "")};${status >= 500 ? "Receiver" : "Sender"}`,
      },
      body: encodeCbor({ __type: type, message }),
    };
  const headers: Record<string, string> = {
    "content-type": `application/x-amz-json-${protocol === "awsJson1.1" ? "1.1" : "1.0"}`,
    "x-amzn-errortype": type,
  };
  // CloudWatch metrics is awsQueryCompatible: the SDK restores the query code from this header.
  if (protocol === "awsJson1.0")
    headers["x-amzn-query-error"] = `${type.replace(/Exception$/, "")};Sender`;
  return { status, headers, body: JSON.stringify({ __type: type, message }) };
}

/**
 * restJson1 as Lambda sends errors: x-amzn-ErrorType plus a JSON body with Type and the message
 * key spelled as the service model spells it ("message" or "Message").
 */
export function restJsonError(
  status: number,
  type: string,
  message: string,
  messageKey: "message" | "Message",
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): EngineResponse {
  const body: Record<string, unknown> = { Type: "User", [messageKey]: message, ...extra };
  if (status >= 500) body.Type = "Service";
  return json(status, body, { "x-amzn-errortype": type, ...headers });
}

const xmlEscape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The XML protocols' error bodies: S3's `<Error><Code>` (restXml, codes without "Exception", e.g.
 * NoSuchBucket) and the query services' `<ErrorResponse><Error><Type>` (RDS, CloudWatch query).
 */
function xmlError(
  protocol: "restXml" | "awsQuery",
  status: number,
  code: string,
  message: string,
): EngineResponse {
  const requestId = crypto.randomUUID();
  const inner = `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>`;
  const body =
    protocol === "restXml"
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}<RequestId>${requestId}</RequestId></Error>`
      : `<ErrorResponse><Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type>${inner}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body,
  };
}
