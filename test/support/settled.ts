import { vi } from "vitest";
import type { FunctionConfiguration, LambdaClient } from "@aws-sdk/client-lambda";
import { settledConfiguration } from "./lambda";

/**
 * Polls quickly (the SDK waiters sleep a whole second between polls) until the function's State
 * and LastUpdateStatus settle; returns its configuration.
 */
export function settled(
  lambda: LambdaClient,
  name: string,
  qualifier?: string,
): Promise<FunctionConfiguration> {
  return vi.waitFor(settledConfiguration(lambda, name, qualifier), {
    timeout: 30_000,
    interval: 10,
  });
}
