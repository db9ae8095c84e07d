import "server-only";
import { GetAccountSettingsCommand } from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import type { AccountSettings } from "./types";

/** GetAccountSettings reshaped. Throws AwsFailure. */
export async function getAccountSettings(target: Target): Promise<AccountSettings> {
  const out = await getLambdaClient(target).send(new GetAccountSettingsCommand({}));
  const limit = out.AccountLimit ?? {};
  const usage = out.AccountUsage ?? {};
  return {
    concurrencyLimit: limit.ConcurrentExecutions ?? 0,
    unreservedConcurrency: limit.UnreservedConcurrentExecutions ?? 0,
    codeSizeZippedLimitBytes: limit.CodeSizeZipped ?? 0,
    codeSizeUnzippedLimitBytes: limit.CodeSizeUnzipped ?? 0,
    totalCodeSizeLimitBytes: limit.TotalCodeSize ?? 0,
    totalCodeSizeUsedBytes: usage.TotalCodeSize ?? 0,
    functionCount: usage.FunctionCount ?? 0,
  };
}
