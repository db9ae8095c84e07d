import type { EnvVars } from "../config";
import type { EngineContext } from "../context";
import { registryPortFromEnv, startLocalRegistry, type LocalRegistry } from "./registry";
import { insecureRegistriesFromEnv, type RegistryAccess } from "./registry-trust";

/** The engine's registry: started in the background so the engine's own start is not delayed. */
const running = new WeakMap<EngineContext, Promise<LocalRegistry | undefined>>();
/** Why image functions are unavailable, when they are (shown at start and in StateReason). */
const unavailable = new WeakMap<EngineContext, string>();
/** How this engine's pulls reach registries, from the env it was started with. */
const access = new WeakMap<EngineContext, RegistryAccess>();

/**
 * Starts the local registry for this engine (LAMBDA_REGISTRY_PORT, default 5000; "off" disables
 * it) and returns its disposer. Never throws: when docker-registry is missing or cannot bind,
 * the engine runs on and image functions from the local registry are reported unavailable.
 */
export function launchLocalRegistry(
  ctx: EngineContext,
  env: EnvVars = process.env,
): () => Promise<void> {
  const insecure = insecureRegistriesFromEnv(env);
  if (insecure.invalid.length > 0)
    console.warn(
      `[engine] LAMBDA_ENGINE_INSECURE_REGISTRIES: ignoring ${insecure.invalid.map((e) => JSON.stringify(e)).join(", ")} (not host or host:port)`,
    );
  access.set(ctx, { insecureRegistries: insecure.registries });
  let port: number | undefined;
  try {
    port = registryPortFromEnv(env);
  } catch (e) {
    unavailable.set(ctx, e instanceof Error ? e.message : String(e));
  }
  if (port === undefined) {
    unavailable.set(
      ctx,
      unavailable.get(ctx) ?? "the local registry is turned off (LAMBDA_REGISTRY_PORT=off)",
    );
    running.set(ctx, Promise.resolve(undefined));
    return async () => {};
  }
  const started = startLocalRegistry(ctx, { port, env }).then(
    (registry) => {
      console.log(`[engine] local image registry at ${registry.url}`);
      return registry;
    },
    (e: unknown) => {
      const why = e instanceof Error ? e.message : String(e);
      unavailable.set(ctx, `the local registry is unavailable (${why})`);
      console.warn(`[engine] image functions from the local registry are unavailable: ${why}`);
      return undefined;
    },
  );
  running.set(ctx, started);
  return async () => {
    const registry = await started;
    await registry?.dispose();
  };
}

/** The engine's registry once it is up, or undefined when it is not running. */
export function getLocalRegistry(ctx: EngineContext): Promise<LocalRegistry | undefined> {
  return running.get(ctx) ?? Promise.resolve(undefined);
}

/** Why the local registry is not running, or undefined when it is (or is still starting). */
export function localRegistryProblem(ctx: EngineContext): string | undefined {
  return unavailable.get(ctx);
}

/** Registry access for this engine's pulls (TLS exceptions); no exceptions before launch. */
export function getRegistryAccess(ctx: EngineContext): RegistryAccess {
  return access.get(ctx) ?? {};
}
