/**
 * Lambda's runtime identifiers: the service model's Runtime enum (botocore
 * lambda/2015-03-31/service-2.json, 2026-08), which of them AWS still accepts for creating or
 * updating functions, and which this engine runs. Pure data: client components import it too.
 */

/** Every value of the model's Runtime enum, in the model's order (CompatibleRuntimes may name any). */
export const RUNTIME_ENUM = [
  "nodejs",
  "nodejs4.3",
  "nodejs6.10",
  "nodejs8.10",
  "nodejs10.x",
  "nodejs12.x",
  "nodejs14.x",
  "nodejs16.x",
  "nodejs18.x",
  "nodejs20.x",
  "nodejs22.x",
  "nodejs24.x",
  "java8",
  "java8.al2",
  "java11",
  "java17",
  "java21",
  "java25",
  "python2.7",
  "python3.6",
  "python3.7",
  "python3.8",
  "python3.9",
  "python3.10",
  "python3.11",
  "python3.12",
  "python3.13",
  "python3.14",
  "dotnetcore1.0",
  "dotnetcore2.0",
  "dotnetcore2.1",
  "dotnetcore3.1",
  "dotnet6",
  "dotnet8",
  "dotnet10",
  "nodejs4.3-edge",
  "go1.x",
  "ruby2.5",
  "ruby2.7",
  "ruby3.2",
  "ruby3.3",
  "ruby3.4",
  "ruby4.0",
  "provided",
  "provided.al2",
  "provided.al2023",
  "nodejs26.x",
  "python3.15",
  "java8.al2023",
  "java11.al2023",
  "java17.al2023",
] as const;

export type RuntimeId = (typeof RUNTIME_ENUM)[number];

/**
 * Runtimes past AWS's "block function update" date (Lambda runtimes page, deprecated runtimes
 * table; ruby3.2's block dates were Aug 31 / Sep 30, 2026): AWS refuses them for creating and
 * updating functions with DEPRECATED_RUNTIME_MESSAGE.
 */
export const DEPRECATED_RUNTIMES: readonly RuntimeId[] = [
  "nodejs",
  "nodejs4.3",
  "nodejs4.3-edge",
  "nodejs6.10",
  "nodejs8.10",
  "nodejs10.x",
  "nodejs12.x",
  "nodejs14.x",
  "nodejs16.x",
  "nodejs18.x",
  "java8",
  "python2.7",
  "python3.6",
  "python3.7",
  "python3.8",
  "python3.9",
  "dotnetcore1.0",
  "dotnetcore2.0",
  "dotnetcore2.1",
  "dotnetcore3.1",
  "dotnet6",
  "go1.x",
  "ruby2.5",
  "ruby2.7",
  "ruby3.2",
  "provided",
];

const deprecated = new Set<string>(DEPRECATED_RUNTIMES);

/** The runtimes AWS accepts for new functions (25), newest first within a family. */
export const CURRENT_RUNTIMES: readonly RuntimeId[] = [
  "nodejs26.x",
  "nodejs24.x",
  "nodejs22.x",
  "nodejs20.x",
  "python3.15",
  "python3.14",
  "python3.13",
  "python3.12",
  "python3.11",
  "python3.10",
  "java25",
  "java21",
  "java17.al2023",
  "java17",
  "java11.al2023",
  "java11",
  "java8.al2023",
  "java8.al2",
  "dotnet10",
  "dotnet8",
  "ruby4.0",
  "ruby3.4",
  "ruby3.3",
  "provided.al2023",
  "provided.al2",
];

/**
 * What the local engine runs (lib/engine/runtimes): Node.js 20/22/24 (the host's node or one
 * fetched from the npm registry), every current python3.X (a Python 3.X interpreter when the
 * machine has one, else the host's python3), and the OS-only runtimes. A function on any other
 * current runtime is accepted and goes to State Failed (runtimeFailure).
 */
export const ENGINE_RUNTIMES: readonly RuntimeId[] = [
  "nodejs24.x",
  "nodejs22.x",
  "nodejs20.x",
  "python3.15",
  "python3.14",
  "python3.13",
  "python3.12",
  "python3.11",
  "python3.10",
  "provided.al2023",
  "provided.al2",
];

const runnable = new Set<string>(ENGINE_RUNTIMES);

const isRuntimeId = (r: string): r is RuntimeId => (RUNTIME_ENUM as readonly string[]).includes(r);

const isDeprecatedRuntime = (r: string): boolean => deprecated.has(r);

const engineRunsRuntime = (r: string): boolean => runnable.has(r);

/** AWS's refusal of a deprecated runtime in CreateFunction / UpdateFunctionConfiguration. */
function deprecatedRuntimeMessage(runtime: string): string {
  return `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`;
}

/**
 * Why a function on this runtime cannot run on the local engine (its StateReason with
 * StateReasonCode "InvalidRuntime"), or undefined when it can.
 */
export function runtimeFailure(runtime: string | undefined): string | undefined {
  if (runtime === undefined || engineRunsRuntime(runtime)) return undefined;
  return `The runtime ${runtime} is not available on this local engine. It runs ${ENGINE_RUNTIMES.join(", ")}.`;
}

/** The reason code a function the engine cannot run is Failed with (the model's StateReasonCode). */
export const RUNTIME_FAILURE_CODE = "InvalidRuntime";

/**
 * AWS's InvalidParameterValueException message for a Runtime parameter it refuses (not in the
 * enum, or deprecated), or undefined when the runtime is accepted.
 */
export function runtimeParameterError(runtime: string): string | undefined {
  if (!isRuntimeId(runtime))
    return `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIME_ENUM.join(", ")}] or be a valid ARN`;
  if (isDeprecatedRuntime(runtime)) return deprecatedRuntimeMessage(runtime);
  return undefined;
}
