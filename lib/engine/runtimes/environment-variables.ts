import type { FunctionConfiguration } from "../functions/types";
import type { SessionCredentials } from "../credentials";
import type { RuntimeLaunch } from "./index";

export interface EnvVarInput {
  config: FunctionConfiguration;
  version: string;
  region: string;
  logGroup: string;
  logStream: string;
  runtimeApi: string;
  credentials: SessionCredentials;
  engineEndpoint: string;
  launch: RuntimeLaunch;
  /** Paths as the process sees them (/var/task, /var/runtime, or host paths without a sandbox). */
  taskRoot: string;
  runtimeDir: string;
}

/**
 * The variables every environment gets that do not depend on the function; a standby process
 * starts with exactly these (glibc reads LD_LIBRARY_PATH only at exec).
 */
export const BASE_PROCESS_ENV: Readonly<Record<string, string>> = {
  PATH: "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
  LD_LIBRARY_PATH:
    "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
  LANG: "en_US.UTF-8",
  TZ: ":UTC",
};

/**
 * The process environment of an execution environment, built from nothing: reserved variables
 * as on Lambda, the user's variables, and session credentials. Nothing of the engine's own
 * process.env (its key, its data dir) leaks in.
 */
export function buildEnvironmentVariables(input: EnvVarInput): Record<string, string> {
  const { config } = input;
  const runtime = config.Runtime ?? "provided.al2023";
  const user = config.Environment?.Variables ?? {};
  const env: Record<string, string> = {
    ...BASE_PROCESS_ENV,
    // PATH, LD_LIBRARY_PATH and LANG are not reserved on Lambda: a function's own value wins.
    ...user,
    // The reserved names below win (the API refuses them in Environment anyway).
    _HANDLER: config.Handler ?? "",
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: config.FunctionName,
    AWS_LAMBDA_FUNCTION_VERSION: input.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.MemorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: input.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStream,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_LAMBDA_RUNTIME_API: input.runtimeApi,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: input.credentials.sessionToken,
    AWS_ENDPOINT_URL: input.engineEndpoint,
    ...input.launch.env,
  };
  if (config.LoggingConfig?.LogFormat === "JSON") {
    env.AWS_LAMBDA_LOG_FORMAT = "JSON";
    if (config.LoggingConfig.ApplicationLogLevel)
      env.AWS_LAMBDA_LOG_LEVEL = config.LoggingConfig.ApplicationLogLevel;
  }
  if (runtime.startsWith("provided")) delete env.AWS_EXECUTION_ENV;
  return env;
}
