import "server-only";
import {
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type ApplicationLogLevel,
  type LogFormat,
  type SystemLogLevel,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { mapAwsError } from "./errors";

/** A function's LoggingConfig as the Monitoring and operations tools page shows it. */
export interface LoggingSettings {
  logFormat: string;
  applicationLogLevel?: string;
  systemLogLevel?: string;
  logGroup: string;
}

/** What the form sends: levels are left out when not chosen (AWS's defaults then apply). */
export interface LoggingUpdate {
  logFormat: string;
  applicationLogLevel?: string;
  systemLogLevel?: string;
  logGroup?: string;
}

export async function getLoggingConfig(target: Target, name: string): Promise<LoggingSettings> {
  try {
    const c = await getLambdaClient(target).send(
      new GetFunctionConfigurationCommand({ FunctionName: name }),
    );
    const lc = c.LoggingConfig;
    return {
      logFormat: lc?.LogFormat ?? "Text",
      ...(lc?.ApplicationLogLevel ? { applicationLogLevel: lc.ApplicationLogLevel } : {}),
      ...(lc?.SystemLogLevel ? { systemLogLevel: lc.SystemLogLevel } : {}),
      logGroup: lc?.LogGroup ?? `/aws/lambda/${name}`,
    };
  } catch (err) {
    throw mapAwsError(err, target);
  }
}

/** UpdateFunctionConfiguration with LoggingConfig only; waits for the update to settle. */
export async function putLoggingConfig(
  target: Target,
  name: string,
  update: LoggingUpdate,
): Promise<LoggingSettings> {
  const client = getLambdaClient(target);
  try {
    await client.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        // Values go as chosen: the service answers bad ones with its own message.
        LoggingConfig: {
          LogFormat: update.logFormat as LogFormat,
          ...(update.applicationLogLevel
            ? { ApplicationLogLevel: update.applicationLogLevel as ApplicationLogLevel }
            : {}),
          ...(update.systemLogLevel
            ? { SystemLogLevel: update.systemLogLevel as SystemLogLevel }
            : {}),
          ...(update.logGroup ? { LogGroup: update.logGroup } : {}),
        },
      }),
    );
  } catch (err) {
    throw mapAwsError(err, target);
  }
  await waitUntilFunctionUpdatedV2(
    { client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
    { FunctionName: name },
  ).catch(() => undefined);
  return getLoggingConfig(target, name);
}

/** TracingConfig.Mode: Active (AWS X-Ray samples and traces requests) or PassThrough. */
export async function getTracingMode(
  target: Target,
  name: string,
): Promise<"Active" | "PassThrough"> {
  try {
    const c = await getLambdaClient(target).send(
      new GetFunctionConfigurationCommand({ FunctionName: name }),
    );
    return c.TracingConfig?.Mode === "Active" ? "Active" : "PassThrough";
  } catch (err) {
    throw mapAwsError(err, target);
  }
}

export async function putTracingMode(
  target: Target,
  name: string,
  mode: "Active" | "PassThrough",
): Promise<"Active" | "PassThrough"> {
  const client = getLambdaClient(target);
  try {
    await client.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: name, TracingConfig: { Mode: mode } }),
    );
  } catch (err) {
    throw mapAwsError(err, target);
  }
  await waitUntilFunctionUpdatedV2(
    { client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
    { FunctionName: name },
  ).catch(() => undefined);
  return getTracingMode(target, name);
}
