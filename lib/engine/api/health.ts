import packageJson from "../../../package.json";
import type { EnvVars } from "../config";
import type { EngineContext } from "../context";
import { json, type EngineResponse } from "../http/types";
import type { Router } from "../http/router";
import { getLocalRegistry, localRegistryProblem } from "../images/local-registry";
import { registryPortFromEnv, type LocalRegistry } from "../images/registry";
import {
  canRunFunctions,
  isolationStatus,
  type Isolation,
  type IsolationStatus,
} from "../sandbox/isolation";

export const HEALTH_PATH = "/health";

/** "off" is the operator's choice (not degraded); "starting" is the registry's first seconds. */
export type ComponentStatus = "ok" | "degraded" | "off" | "starting";

export interface EngineHealth {
  status: "ok" | "degraded";
  components: {
    engine: { status: "ok"; version: string; node: string };
    sandbox: { status: "ok" | "degraded"; canRunFunctions: boolean } & IsolationStatus;
    registry: { status: ComponentStatus; url?: string; problem?: string; detail?: string };
  };
}

export interface HealthDeps {
  ctx: EngineContext;
  env: EnvVars;
  /** The isolation the engine detected at start (the same verdict its scheduler acts on). */
  isolation: Isolation;
}

const PENDING = Symbol("pending");

function registryTurnedOff(env: EnvVars): boolean {
  try {
    return registryPortFromEnv(env) === undefined;
  } catch {
    return false; // an invalid LAMBDA_REGISTRY_PORT: launchLocalRegistry recorded why
  }
}

async function registryHealth(
  ctx: EngineContext,
  env: EnvVars,
): Promise<EngineHealth["components"]["registry"]> {
  if (registryTurnedOff(env))
    return { status: "off", detail: "turned off (LAMBDA_REGISTRY_PORT=off)" };
  // A settled promise wins a race against one resolved later, so PENDING means "still starting".
  const registry: LocalRegistry | undefined | typeof PENDING = await Promise.race([
    getLocalRegistry(ctx),
    Promise.resolve(PENDING),
  ]);
  if (registry === PENDING) return { status: "starting" };
  if (registry) return { status: "ok", url: registry.url };
  return {
    status: "degraded",
    problem: localRegistryProblem(ctx) ?? "the registry is not running",
  };
}

/** The health report: no secrets (no keys, no paths), so it is served without SigV4. */
export async function engineHealth(deps: HealthDeps): Promise<EngineHealth> {
  const iso = isolationStatus(deps.isolation);
  const components: EngineHealth["components"] = {
    engine: { status: "ok", version: packageJson.version, node: process.version },
    sandbox: {
      status: iso.enforced ? "ok" : "degraded",
      canRunFunctions: canRunFunctions(deps.isolation),
      ...iso,
    },
    registry: await registryHealth(deps.ctx, deps.env),
  };
  const degraded = Object.values(components).some((c) => c.status === "degraded");
  return { status: degraded ? "degraded" : "ok", components };
}

/** GET /health: public, like a load balancer's probe; always 200 while the engine answers. */
export function registerHealthRoute(router: Router, deps: HealthDeps): void {
  router.publicRoute("GET", HEALTH_PATH, async (): Promise<EngineResponse> =>
    json(200, await engineHealth(deps), { "cache-control": "no-store" }),
  );
}
