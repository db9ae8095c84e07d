import type { FunctionConfiguration } from "./types";

/** What ListFunctions and ListVersionsByFunction leave out (AWS: "use GetFunction for these"). */
const NOT_LISTED = [
  "State",
  "StateReason",
  "StateReasonCode",
  "LastUpdateStatus",
  "LastUpdateStatusReason",
  "LastUpdateStatusReasonCode",
  "RuntimeVersionConfig",
] as const;

export type ListedConfiguration = Omit<FunctionConfiguration, (typeof NOT_LISTED)[number]>;

export function listedConfiguration(c: FunctionConfiguration): ListedConfiguration {
  const out: Partial<FunctionConfiguration> = { ...c };
  for (const field of NOT_LISTED) delete out[field];
  return out as ListedConfiguration;
}
