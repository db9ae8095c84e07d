import { invalidParameter } from "../errors/aws-error";
import { constraintError, throwViolations } from "./arn";
import { Violations } from "../../lambda-rules/constraints";
import {
  checkEnvironmentLimits,
  checkRange,
  collectArchitectures,
  collectEnvironmentKeys,
} from "./config-constraints";
import {
  DESCRIPTION_MAX,
  EPHEMERAL_STORAGE,
  HANDLER_MAX,
  HANDLER_PATTERN,
  MEMORY_SIZE,
  ROLE_PATTERN,
  ROLE_RE,
  TIMEOUT,
} from "../../lambda-rules/function-fields";
import { badBody, optString, optNumber, optObject, optStringMap } from "./body-fields";
import type { FunctionConfiguration } from "./types";
import { parseVpcConfig, type VpcConfigResponse } from "./vpc-config";
import { parseFileSystemConfigs, type FileSystemConfig } from "./file-system-config";
import { parseSettingsFields, type SettingsFields } from "./settings-fields";

// The request-body readers moved to body-fields.ts; importers of this module keep them.
export { optString, optBoolean, optObject, optStringMap } from "./body-fields";

import { runtimeParameterError } from "../../lambda-rules/runtimes";

// Shared with the console's forms (one source): see lib/lambda-rules.
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

/**
 * Validates the configuration fields of a request body with AWS's errors and messages. Model
 * violations are collected (with any the caller collected, e.g. the function name) and reported
 * together in one ValidationException, before Lambda's own checks (runtime, environment).
 */
export function parseConfigPatch(
  body: Record<string, unknown>,
  v: Violations = new Violations(),
): ConfigPatch {
  const patch: ConfigPatch = {};
  const runtime = optString(body, "Runtime");
  const role = optString(body, "Role");
  if (role !== undefined) {
    v.text(role, "role", { max: 10000, pattern: ROLE_PATTERN, re: ROLE_RE });
    patch.Role = role;
  }
  const handler = optString(body, "Handler");
  if (handler !== undefined) {
    v.text(handler, "handler", { max: HANDLER_MAX, pattern: HANDLER_PATTERN });
    patch.Handler = handler;
  }
  const description = optString(body, "Description");
  if (description !== undefined) {
    v.text(description, "description", { max: DESCRIPTION_MAX });
    patch.Description = description;
  }
  const timeout = optNumber(body, "Timeout");
  if (timeout !== undefined) {
    checkRange(v, timeout, "timeout", TIMEOUT);
    patch.Timeout = timeout;
  }
  const memory = optNumber(body, "MemorySize");
  if (memory !== undefined) {
    checkRange(v, memory, "memorySize", MEMORY_SIZE);
    patch.MemorySize = memory;
  }
  const env = optObject(body, "Environment");
  const environment = env ? { Variables: optStringMap(env, "Variables") ?? {} } : undefined;
  if (environment) collectEnvironmentKeys(v, environment.Variables);
  const archs = body.Architectures;
  if (archs !== undefined && archs !== null && !Array.isArray(archs))
    throw badBody("Architectures must be a list");
  const architectures = Array.isArray(archs) ? collectArchitectures(v, archs) : undefined;
  const storage = optObject(body, "EphemeralStorage");
  const size = storage ? optNumber(storage, "Size") : undefined;
  if (storage) {
    if (size === undefined) v.add(null, "ephemeralStorage.size", "Member must not be null");
    else checkRange(v, size, "ephemeralStorage.size", EPHEMERAL_STORAGE);
  }
  throwViolations(v);
  if (runtime !== undefined) {
    const refusal = runtimeParameterError(runtime);
    if (refusal) throw invalidParameter(refusal);
    patch.Runtime = runtime;
  }
  if (environment) {
    checkEnvironmentLimits(environment.Variables);
    patch.Environment = environment;
  }
  if (architectures) patch.Architectures = architectures;
  if (size !== undefined) patch.EphemeralStorage = { Size: size };
  const logging = parseLogging(body);
  if (logging) patch.LoggingConfig = logging;
  const vpc = parseVpcConfig(body);
  if (vpc) patch.VpcConfig = vpc;
  const fileSystems = parseFileSystemConfigs(body);
  if (fileSystems) patch.FileSystemConfigs = fileSystems;
  Object.assign(patch, parseSettingsFields(body)); // DLQ, KMS, tracing, SnapStart, ... (feat/fields)
  return patch;
}
