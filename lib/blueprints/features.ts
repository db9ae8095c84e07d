/**
 * Engine features a blueprint can require, and what each kind of target offers.
 * Kept free of node: imports so client components can use it.
 */
import { CURRENT_RUNTIMES, ENGINE_RUNTIMES } from "../lambda-rules/runtimes";

export const BLUEPRINT_FEATURES = ["database-proxy", "file-system", "sdk-invoke"] as const;
export type BlueprintFeature = (typeof BLUEPRINT_FEATURES)[number];

const FEATURE_DESCRIPTIONS: Readonly<Record<BlueprintFeature, string>> = {
  "database-proxy": "a database proxy endpoint (RDS Proxy) the function can reach",
  "file-system": "a file system mounted into the function (EFS access point at FILE_SYSTEM_PATH)",
  "sdk-invoke": "the AWS SDK inside the function runtime, pointed at the target's Lambda API",
};

/** What a target can run: engine features and Lambda runtime identifiers. */
export interface TargetCapabilities {
  features: readonly BlueprintFeature[];
  runtimes: readonly string[];
}

/** Lambda's runtime identifiers a real AWS account accepts for new functions (lambda-rules). */
export const AWS_RUNTIMES = CURRENT_RUNTIMES;

export const AWS_CAPABILITIES: TargetCapabilities = {
  features: BLUEPRINT_FEATURES,
  runtimes: AWS_RUNTIMES,
};

/**
 * The local engine today. Update when the engine gains a feature: catalog.spec.ts runs every
 * blueprint this allows, and probes whether functions can import @aws-sdk/client-lambda
 * (the Node.js runtimes provide the SDK as Lambda's do), so this claim cannot drift.
 */
export const LOCAL_ENGINE_CAPABILITIES: TargetCapabilities = {
  features: ["sdk-invoke", "file-system", "database-proxy"],
  runtimes: ENGINE_RUNTIMES,
};

export function capabilitiesForTarget(kind: "local" | "aws"): TargetCapabilities {
  return kind === "local" ? LOCAL_ENGINE_CAPABILITIES : AWS_CAPABILITIES;
}

interface MissingRequirement {
  /** A feature name, or `runtime:<id>`. */
  requirement: string;
  description: string;
}

export interface Support {
  supported: boolean;
  missing: MissingRequirement[];
}

/** What a blueprint needs that a target lacks; empty `missing` means it can be created there. */
export function supportedBy(
  blueprint: { runtime: string; requires: readonly BlueprintFeature[] },
  target: TargetCapabilities,
): Support {
  const missing: MissingRequirement[] = [];
  if (!target.runtimes.includes(blueprint.runtime)) {
    missing.push({
      requirement: `runtime:${blueprint.runtime}`,
      description: `the ${blueprint.runtime} runtime`,
    });
  }
  for (const feature of blueprint.requires) {
    if (!target.features.includes(feature))
      missing.push({ requirement: feature, description: FEATURE_DESCRIPTIONS[feature] });
  }
  return { supported: missing.length === 0, missing };
}
