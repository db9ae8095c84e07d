import packageJson from "../../../package.json";
import type { EnvVars } from "../config";
import { json, type EngineResponse } from "../http/types";
import type { Router } from "../http/router";
import type { EngineRegistry } from "../images/local-registry";
import { registryPortFromEnv, type LocalRegistry } from "../images/registry";
import {
  canRunFunctions,
  isolationStatus,
  type Isolation,
  type IsolationStatus,
} from "../sandbox/isolation";
import {
  databasesHealth,
  INSTALL_PACKAGES,
  onPath,
  versionOf,
  type DatabasesHealth,
} from "./health-tools";

const HEALTH_PATH = "/health";

/** "off" is the operator's choice (not degraded); "starting" is the registry's first seconds. */
type ComponentStatus = "ok" | "degraded" | "off" | "starting";

export interface EngineHealth {
  status: "ok" | "degraded";
  components: {
    engine: { status: "ok"; version: string; node: string };
    sandbox: {
      status: "ok" | "degraded";
      canRunFunctions: boolean;
      version?: string;
    } & IsolationStatus;
    registry: {
      status: ComponentStatus;
      url?: string;
      version?: string;
      problem?: string;
      fix?: string;
      detail?: string;
    };
    databases: DatabasesHealth;
  };
}

export interface HealthDeps {
  /** The engine's local image registry (started in the background). */
  registry: EngineRegistry;
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
  engineRegistry: EngineRegistry,
  env: EnvVars,
): Promise<EngineHealth["components"]["registry"]> {
  if (registryTurnedOff(env))
    return { status: "off", detail: "turned off (LAMBDA_REGISTRY_PORT=off)" };
  // A settled promise wins a race against one resolved later, so PENDING means "still starting".
  const registry: LocalRegistry | undefined | typeof PENDING = await Promise.race([
    engineRegistry.ready(),
    Promise.resolve(PENDING),
  ]);
  const bin = onPath("docker-registry", env);
  const version = bin && (await versionOf(bin));
  const v = version ? { version } : {};
  if (registry === PENDING) return { status: "starting", ...v };
  if (registry) return { status: "ok", url: registry.url, ...v };
  return {
    status: "degraded",
    ...v,
    problem:
      engineRegistry.problem() ??
      (bin ? "the registry is not running" : "docker-registry is not installed"),
    fix: bin
      ? "free the registry's port (LAMBDA_REGISTRY_PORT), then restart: npm start"
      : INSTALL_PACKAGES,
  };
}

/** The health report: no secrets (no keys, no paths), so it is served without SigV4. */
export async function engineHealth(deps: HealthDeps): Promise<EngineHealth> {
  const iso = isolationStatus(deps.isolation);
  const [bwrapVersion, registry, databases] = await Promise.all([
    deps.isolation.bwrap ? versionOf(deps.isolation.bwrap) : undefined,
    registryHealth(deps.registry, deps.env),
    databasesHealth(deps.env),
  ]);
  const components: EngineHealth["components"] = {
    engine: { status: "ok", version: packageJson.version, node: process.version },
    sandbox: {
      status: iso.enforced ? "ok" : "degraded",
      canRunFunctions: canRunFunctions(deps.isolation),
      ...(bwrapVersion ? { version: bwrapVersion } : {}),
      ...iso,
    },
    registry,
    databases,
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

/** Each degraded component with what is wrong and the command that fixes it (start output, banner). */
export function degradedComponents(
  health: EngineHealth,
): { component: string; problem: string; fix: string }[] {
  const out: { component: string; problem: string; fix: string }[] = [];
  for (const [component, c] of Object.entries(health.components)) {
    const r = c as { status: string; problem?: string; fix?: string };
    if (r.status !== "degraded") continue;
    out.push({
      component,
      problem: r.problem ?? `${component} is degraded`,
      fix: r.fix ?? INSTALL_PACKAGES,
    });
  }
  return out;
}
