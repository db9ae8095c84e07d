import type { Operation } from "../http/operations";
import type { EngineRequest, EngineResponse } from "../http/types";

/** What CloudTrail writes in place of a secret. */
export const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

/** Members whose value is a secret, lower-cased: replaced by HIDDEN wherever they appear. */
const SECRET_KEYS = new Set([
  "variables", // Lambda environment variables
  "secretstring",
  "secretbinary",
  "secretaccesskey",
  "sessiontoken",
  "authtoken",
  "privatekey",
  "clientsecret",
  "certificatebody",
  "certificatechain",
]);
const SECRET_PATTERN = /password$/i;

/** Members that carry bytes (code packages, payloads): left out, as CloudTrail leaves them. */
const BLOB_KEYS = new Set(["zipfile", "content", "body", "payload", "invokeargs", "blob"]);

/** Maps whose keys are the user's (tags, weights): their keys are kept as sent. */
const MAP_KEYS = new Set(["tags", "additionalversionweights", "destinationconfig"]);

/** Request and response documents are capped: a huge one is replaced by a note. */
const MAX_DOCUMENT = 16 * 1024;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const camel = (k: string) => (/^[A-Z]/.test(k) ? k[0]?.toLowerCase() + k.slice(1) : k);

/** CloudTrail's spelling (lowerCamelCase members) with secrets hidden and blobs left out. */
export function scrub(value: unknown, keepKeys = false): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (typeof value === "object") {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const lower = k.toLowerCase();
      if (BLOB_KEYS.has(lower)) continue;
      const key = keepKeys ? k : camel(k);
      out[key] =
        SECRET_KEYS.has(lower) || SECRET_PATTERN.test(k) ? HIDDEN : scrub(v, MAP_KEYS.has(lower));
    }
    return out;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  return null;
}

function capped(doc: Json): Json {
  if (doc === null) return null;
  return JSON.stringify(doc).length > MAX_DOCUMENT ? { documentTooLarge: true } : doc;
}

/** Base64 members of large bodies (a 50 MB ZipFile), cut before parsing: they are never kept. */
const LARGE_BLOB = /"(ZipFile|Content|Payload|InvokeArgs)"\s*:\s*"[^"]*"/g;

function jsonBody(buf: Buffer | string | undefined): Record<string, unknown> | undefined {
  if (buf === undefined || buf.length === 0) return undefined;
  let text = buf.toString();
  if (text.length > 1_048_576) text = text.replace(LARGE_BLOB, '"$1":null');
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Lambda's path parameters as its API models name them. */
const LAMBDA_PATH_NAMES: Record<string, string> = {
  name: "FunctionName",
  alias: "Name",
  arn: "Resource",
};

const isSigningParam = (k: string) => /^X-Amz-/i.test(k);

/** The request's parameters from its path, query and body, whatever the protocol. */
export function requestParameters(op: Operation, req: EngineRequest): Json {
  const params: Record<string, unknown> = {};
  const lambda = op.action.startsWith("lambda:");
  for (const [k, v] of Object.entries(req.params))
    params[lambda ? (LAMBDA_PATH_NAMES[k] ?? k) : k] = v;
  for (const [k, v] of req.query) if (!isSigningParam(k)) params[k] = v;
  if (op.protocol === "awsQuery") {
    for (const [k, v] of new URLSearchParams(req.body.toString()))
      if (k !== "Action" && k !== "Version" && !isSigningParam(k)) params[k] = v;
  } else if (op.protocol === "restXml") {
    // Path-style S3: /<bucket>/<key>
    const [, bucket, ...key] = req.path.split("/");
    if (bucket) params.bucketName = bucket;
    if (key.length > 0 && key.join("/") !== "") params.key = key.join("/");
  } else {
    Object.assign(params, jsonBody(req.body));
  }
  return capped(scrub(params));
}

/** The answer's document for a successful JSON call; null otherwise (as for most writes). */
export function responseElements(res: EngineResponse): Json {
  if (res.status >= 300 || res.stream || typeof res.body === "undefined") return null;
  const body = jsonBody(res.body);
  return body ? capped(scrub(body)) : null;
}

/** errorCode and errorMessage of a failed call, from any protocol's error shape. */
export function errorOf(res: EngineResponse): { errorCode: string; errorMessage: string } | null {
  if (res.status < 400) return null;
  const header = res.headers?.["x-amzn-errortype"];
  const text = typeof res.body === "string" ? res.body : (res.body?.toString() ?? "");
  const json = jsonBody(text);
  const xml = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(text)?.[1];
  const rawCode =
    header?.split(":")[0] ??
    (typeof json?.__type === "string" ? json.__type.split("#").pop() : undefined) ??
    xml("Code") ??
    (res.status >= 500 ? "InternalFailure" : "ValidationException");
  const message =
    [json?.message, json?.Message, json?.errorMessage].find((m) => typeof m === "string") ??
    xml("Message") ??
    "";
  // CloudTrail writes a refused call as AccessDenied, whatever the service calls it.
  const errorCode = rawCode === "AccessDeniedException" ? "AccessDenied" : rawCode;
  return { errorCode, errorMessage: String(message) };
}

/** The request members that name a resource, by (scrubbed) member name, and their types. */
const RESOURCE_MEMBERS: Record<string, string> = {
  functionName: "AWS::Lambda::Function",
  resource: "AWS::Lambda::Function",
  layerName: "AWS::Lambda::LayerVersion",
  codeSigningConfigArn: "AWS::Lambda::CodeSigningConfig",
  logGroupName: "AWS::Logs::LogGroup",
  logGroupIdentifier: "AWS::Logs::LogGroup",
  bucketName: "AWS::S3::Bucket",
  secretId: "AWS::SecretsManager::Secret",
  dBInstanceIdentifier: "AWS::RDS::DBInstance",
  dBClusterIdentifier: "AWS::RDS::DBCluster",
  dBProxyName: "AWS::RDS::DBProxy",
  fileSystemId: "AWS::EFS::FileSystem",
  accessPointId: "AWS::EFS::AccessPoint",
  profileName: "AWS::Signer::SigningProfile",
};

/** Resource names a request's own "name" member means, by event source. */
const NAME_TYPES: Record<string, string> = {
  "secretsmanager.amazonaws.com": "AWS::SecretsManager::Secret",
  "lambda.amazonaws.com": "AWS::Lambda::Alias",
};

export interface EventResource {
  ResourceType: string;
  ResourceName: string;
}

/** The resources a call names, as LookupEvents lists them (and filters by). */
export function resourcesOf(params: Json, eventSource: string): EventResource[] {
  if (params === null || typeof params !== "object" || Array.isArray(params)) return [];
  const out: EventResource[] = [];
  for (const [member, value] of Object.entries(params)) {
    if (typeof value !== "string") continue;
    const type =
      RESOURCE_MEMBERS[member] ?? (member === "name" ? NAME_TYPES[eventSource] : undefined);
    if (type) out.push({ ResourceType: type, ResourceName: value });
  }
  return out;
}
