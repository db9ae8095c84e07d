import "server-only";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  type Runtime,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { AwsFailure } from "./errors";
import { toFunctionSummary } from "./functions";
import type { FunctionSummary } from "./types";

/** A new zip-packaged function, in the console's own terms. */
export interface NewZipFunction {
  name: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  tags: Record<string, string>;
  zip: Uint8Array;
  /** Lambda's default (x86_64) when absent. */
  architecture?: "x86_64" | "arm64";
  /** Layer version ARNs, in order (a blueprint's own layer). */
  layers?: string[];
}

/**
 * CreateFunction, then wait (up to 60 s) until it leaves Pending, so the caller can invoke it
 * at once. A function that ends Failed is reported with Lambda's StateReason.
 */
export async function createZipFunction(
  target: Target,
  fn: NewZipFunction,
): Promise<FunctionSummary> {
  const client = getLambdaClient(target);
  await client.send(
    new CreateFunctionCommand({
      FunctionName: fn.name,
      // Validated against Lambda's identifiers by the caller's schema; the service has the last word.
      Runtime: fn.runtime as Runtime,
      Handler: fn.handler,
      Role: fn.role,
      Description: fn.description,
      MemorySize: fn.memoryMb,
      Timeout: fn.timeoutSeconds,
      Environment: { Variables: fn.environment },
      Tags: fn.tags,
      PackageType: "Zip",
      Code: { ZipFile: fn.zip },
      ...(fn.architecture ? { Architectures: [fn.architecture] } : {}),
      ...(fn.layers?.length ? { Layers: fn.layers } : {}),
    }),
  );
  const waited = await waitUntilFunctionActiveV2(
    { client, maxWaitTime: 60, minDelay: 1, maxDelay: 3 },
    { FunctionName: fn.name },
  ).then(
    (r) => r.state,
    () => "FAILURE",
  );
  const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: fn.name }));
  if (waited !== "SUCCESS") {
    const why = config.StateReason ? `: ${config.StateReason}` : "";
    throw new AwsFailure(
      "Internal",
      `${fn.name} was created but is ${config.State ?? "not Active"}${why}`,
      "FunctionNotActive",
    );
  }
  return toFunctionSummary(config);
}
