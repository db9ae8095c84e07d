import "server-only";
import { paginateListFunctions, type FunctionConfiguration } from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import type { FunctionSummary } from "./types";

export function toFunctionSummary(fn: FunctionConfiguration): FunctionSummary {
  return {
    name: fn.FunctionName ?? "",
    arn: fn.FunctionArn ?? "",
    ...(fn.Runtime ? { runtime: fn.Runtime } : {}),
    packageType: fn.PackageType === "Image" ? "Image" : "Zip",
    description: fn.Description ?? "",
    memoryMb: fn.MemorySize ?? 128,
    timeoutSeconds: fn.Timeout ?? 3,
    lastModified: fn.LastModified ?? "",
    architectures: fn.Architectures ?? ["x86_64"],
    codeSizeBytes: fn.CodeSize ?? 0,
    ...(fn.State ? { state: fn.State } : {}),
  };
}

/** Every function of the target, all ListFunctions pages. Throws AwsFailure. */
export async function listFunctions(target: Target): Promise<FunctionSummary[]> {
  const client = getLambdaClient(target);
  const out: FunctionSummary[] = [];
  for await (const page of paginateListFunctions({ client, pageSize: 50 }, {})) {
    for (const fn of page.Functions ?? []) out.push(toFunctionSummary(fn));
  }
  return out;
}
