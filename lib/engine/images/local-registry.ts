import type { EnvVars } from "../config";
import type { EngineContext } from "../context";
import { registryPortFromEnv, startLocalRegistry, type LocalRegistry } from "./registry";
import { insecureRegistriesFromEnv, type RegistryAccess } from "./registry-trust";

/**
 * The engine's local OCI registry for image functions, as startEngine launched it: built once in
 * the composition root and handed to what pulls images and what reports health.
 */
export interface EngineRegistry {
  /** The registry once it is up, or undefined when it is not running. */
  ready(): Promise<LocalRegistry | undefined>;
  /** Why it is not running (shown at start and in StateReason), or undefined when it is (or is still starting). */
  problem(): string | undefined;
  /** How this engine's pulls reach registries (TLS exceptions), from the env it was started with. */
  readonly access: RegistryAccess;
  /** Stops the registry (once it has started or failed). */
  dispose(): Promise<void>;
}

/**
 * Starts the local registry for this engine (LAMBDA_REGISTRY_PORT, default 5000; "off" disables
 * it) in the background, so the engine's own start is not delayed. Never throws: when
 * docker-registry is missing or cannot bind, the engine runs on and image functions from the
 * local registry are reported unavailable.
 */
export function launchLocalRegistry(
  ctx: EngineContext,
  env: EnvVars = process.env,
): EngineRegistry {
  const insecure = insecureRegistriesFromEnv(env);
  if (insecure.invalid.length > 0)
    console.warn(
      `[engine] LAMBDA_ENGINE_INSECURE_REGISTRIES: ignoring ${insecure.invalid.map((e) => JSON.stringify(e)).join(", ")} (not host or host:port)`,
    );
  const access: RegistryAccess = { insecureRegistries: insecure.registries };
  let unavailable: string | undefined;
  let port: number | undefined;
  try {
    port = registryPortFromEnv(env);
  } catch (e) {
    unavailable = e instanceof Error ? e.message : String(e);
  }
  if (port === undefined) {
    unavailable ??= "the local registry is turned off (LAMBDA_REGISTRY_PORT=off)";
    return {
      ready: () => Promise.resolve(undefined),
      problem: () => unavailable,
      access,
      dispose: async () => {},
    };
  }
  // Started on the event loop's next turn, once startEngine has opened its port: its set-up
  // (credentials, bcrypt, config files) is not needed to answer the engine's first request (#18).
  const registryPort = port;
  const started = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => startLocalRegistry(ctx, { port: registryPort, env }))
    .then(
      (registry) => {
        console.log(`[engine] local image registry at ${registry.url}`);
        return registry;
      },
      (e: unknown) => {
        const why = e instanceof Error ? e.message : String(e);
        unavailable = `the local registry is unavailable (${why})`;
        console.warn(`[engine] image functions from the local registry are unavailable: ${why}`);
        return undefined;
      },
    );
  return {
    ready: () => started,
    problem: () => unavailable,
    access,
    dispose: async () => {
      const registry = await started;
      await registry?.dispose();
    },
  };
}
