import { AwsError, invalidParameter } from "../http/types";
import { constraintError } from "./arn";
import type { FunctionConfiguration } from "./types";
import { parseVpcConfig, type VpcConfigResponse } from "./vpc-config";
import { parseFileSystemConfigs, type FileSystemConfig } from "./file-system-config";
import { parseSettingsFields, type SettingsFields } from "./settings-fields";
import { runtimeParameterError } from "../../lambda-rules/runtimes";

export const ROLE_PATTERN = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
const ROLE_RE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const ENV_KEY_RE = /^[a-zA-Z]([a-zA-Z0-9_])+$/;

/** Variables Lambda sets itself; AWS refuses them in Environment. */
export const RESERVED_ENV_KEYS = new Set([
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

const badBody = (detail: string) =>
  new AwsError(
    400,
    "InvalidRequestContentException",
    `Could not parse request body into json: ${detail}`,
    "message",
  );

export function optString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badBody(`${key} must be a string`);
  return v;
}
export function optNumber(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw badBody(`${key} must be a number`);
  return v;
}
export function optBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw badBody(`${key} must be a boolean`);
  return v;
}
export function optObject(
  body: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw badBody(`${key} must be an object`);
  return v as Record<string, unknown>;
}
export function optStringMap(
  body: Record<string, unknown>,
  key: string,
): Record<string, string> | undefined {
  const o = optObject(body, key);
  if (!o) return undefined;
  for (const [k, v] of Object.entries(o))
    if (typeof v !== "string") throw badBody(`${key}.${k} must be a string`);
  return o as Record<string, string>;
}

/** The configurable part of a function, as CreateFunction / UpdateFunctionConfiguration take it. */
export type ConfigPatch = Partial<
  Pick<
    FunctionConfiguration,
    | "Runtime"
    | "Handler"
    | "Role"
    | "MemorySize"
    | "Timeout"
    | "Description"
    | "Architectures"
    | "EphemeralStorage"
  >
> & {
  Environment?: { Variables: Record<string, string> };
  LoggingConfig?: Partial<FunctionConfiguration["LoggingConfig"]>;
  VpcConfig?: VpcConfigResponse;
  FileSystemConfigs?: FileSystemConfig[];
} & SettingsFields;

function checkRange(value: number, field: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min)
    throw constraintError(value, field, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw constraintError(value, field, `Member must have value less than or equal to ${max}`);
}

function parseEnvironment(
  body: Record<string, unknown>,
): { Variables: Record<string, string> } | undefined {
  const env = optObject(body, "Environment");
  if (!env) return undefined;
  const vars = optStringMap(env, "Variables") ?? {};
  for (const k of Object.keys(vars)) {
    if (!ENV_KEY_RE.test(k)) {
      throw constraintError(
        k,
        "environment.variables",
        "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
      );
    }
  }
  const reserved = Object.keys(vars).filter((k) => RESERVED_ENV_KEYS.has(k));
  if (reserved.length > 0) {
    throw invalidParameter(
      "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: " +
        reserved.join(", "),
    );
  }
  const measured = JSON.stringify(vars);
  if (Buffer.byteLength(measured) > 4096) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
  return { Variables: vars };
}

function parseLogging(body: Record<string, unknown>): ConfigPatch["LoggingConfig"] {
  const lc = optObject(body, "LoggingConfig");
  if (!lc) return undefined;
  const out: NonNullable<ConfigPatch["LoggingConfig"]> = {};
  const format = optString(lc, "LogFormat");
  if (format !== undefined) {
    if (format !== "Text" && format !== "JSON")
      throw constraintError(
        format,
        "loggingConfig.logFormat",
        "Member must satisfy enum value set: [Text, JSON]",
      );
    out.LogFormat = format;
  }
  const levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
  for (const [key, field] of [
    ["ApplicationLogLevel", "loggingConfig.applicationLogLevel"],
    ["SystemLogLevel", "loggingConfig.systemLogLevel"],
  ] as const) {
    const v = optString(lc, key);
    if (v === undefined) continue;
    const allowed = key === "SystemLogLevel" ? ["DEBUG", "INFO", "WARN"] : levels;
    if (!allowed.includes(v))
      throw constraintError(
        v,
        field,
        `Member must satisfy enum value set: [${allowed.join(", ")}]`,
      );
    out[key] = v;
  }
  const group = optString(lc, "LogGroup");
  if (group !== undefined) {
    if (!/^[\.\-_/#A-Za-z0-9]+$/.test(group) || group.length > 512) {
      throw constraintError(
        group,
        "loggingConfig.logGroup",
        "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
      );
    }
    out.LogGroup = group;
  }
  return out;
}

/** Validates the configuration fields of a request body with AWS's errors and messages. */
export function parseConfigPatch(body: Record<string, unknown>): ConfigPatch {
  const patch: ConfigPatch = {};
  const runtime = optString(body, "Runtime");
  if (runtime !== undefined) {
    const refusal = runtimeParameterError(runtime);
    if (refusal) throw invalidParameter(refusal);
    patch.Runtime = runtime;
  }
  const handler = optString(body, "Handler");
  if (handler !== undefined) {
    if (handler.length > 128)
      throw constraintError(
        handler,
        "handler",
        "Member must have length less than or equal to 128",
      );
    if (!/^[^\s]+$/.test(handler))
      throw constraintError(
        handler,
        "handler",
        "Member must satisfy regular expression pattern: [^\\s]+",
      );
    patch.Handler = handler;
  }
  const role = optString(body, "Role");
  if (role !== undefined) {
    if (!ROLE_RE.test(role))
      throw constraintError(
        role,
        "role",
        `Member must satisfy regular expression pattern: ${ROLE_PATTERN}`,
      );
    patch.Role = role;
  }
  const memory = optNumber(body, "MemorySize");
  if (memory !== undefined) {
    checkRange(memory, "memorySize", 128, 10240);
    patch.MemorySize = memory;
  }
  const timeout = optNumber(body, "Timeout");
  if (timeout !== undefined) {
    checkRange(timeout, "timeout", 1, 900);
    patch.Timeout = timeout;
  }
  const description = optString(body, "Description");
  if (description !== undefined) {
    if (description.length > 256)
      throw constraintError(
        description,
        "description",
        "Member must have length less than or equal to 256",
      );
    patch.Description = description;
  }
  const environment = parseEnvironment(body);
  if (environment) patch.Environment = environment;
  const archs = body.Architectures;
  if (archs !== undefined && archs !== null) {
    if (
      !Array.isArray(archs) ||
      archs.length !== 1 ||
      (archs[0] !== "x86_64" && archs[0] !== "arm64")
    ) {
      throw constraintError(
        archs,
        "architectures",
        "Member must have length less than or equal to 1, Member must satisfy enum value set: [x86_64, arm64]",
      );
    }
    patch.Architectures = [archs[0]];
  }
  const storage = optObject(body, "EphemeralStorage");
  if (storage) {
    const size = optNumber(storage, "Size");
    if (size === undefined) throw invalidParameter("EphemeralStorage.Size is required");
    checkRange(size, "ephemeralStorage.size", 512, 10240);
    patch.EphemeralStorage = { Size: size };
  }
  const logging = parseLogging(body);
  if (logging) patch.LoggingConfig = logging;
  const vpc = parseVpcConfig(body);
  if (vpc) patch.VpcConfig = vpc;
  const fileSystems = parseFileSystemConfigs(body);
  if (fileSystems) patch.FileSystemConfigs = fileSystems;
  Object.assign(patch, parseSettingsFields(body)); // DLQ, KMS, tracing, SnapStart, ... (feat/fields)
  return patch;
}
