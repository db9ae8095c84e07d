export const TARGET_ENVIRONMENTS = ["local", "development", "staging", "production"] as const;
export type TargetEnvironment = (typeof TARGET_ENVIRONMENTS)[number];

export const TARGET_COLORS = ["green", "blue", "amber", "red", "violet", "gray"] as const;
export type TargetColor = (typeof TARGET_COLORS)[number];

/** Where the console points: the local engine or one AWS account + region. */
export interface Target {
  id: string;
  label: string;
  kind: "local" | "aws";
  region: string;
  environment: TargetEnvironment;
  color: TargetColor;
  /** Named profile from ~/.aws/config; absent means the default credential chain. */
  profile?: string;
  /** Endpoint override (the local engine, or an AWS-compatible endpoint); absent means AWS. */
  endpoint?: string;
}

/** A configuration error shown on the page instead of crashing the console. */
export interface TargetConfigProblem {
  source: string;
  message: string;
}

/** Colours by environment so production is never mistaken for local. */
export const ENVIRONMENT_COLORS: Readonly<Record<TargetEnvironment, TargetColor>> = {
  local: "green",
  development: "blue",
  staging: "amber",
  production: "red",
};

export type { EnvVars } from "../data-dir";
