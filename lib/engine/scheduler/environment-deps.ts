import type { EngineContext } from "../context";
import type { CredentialRegistry } from "../credentials";
import type { Isolation } from "../sandbox/isolation";
import type { ProxyService } from "../rds/proxies";
import type { LogBatcher } from "../logs/log-batcher";
import type { ShutdownTracker } from "../extensions/environment-extensions";
import type { EnvironmentFeature } from "./environment-features";

/** What every execution environment of one engine is made with (the invoker builds it). */
export interface EnvironmentDeps {
  ctx: EngineContext;
  credentials: CredentialRegistry;
  batcher: LogBatcher;
  isolation: Isolation;
  engineEndpoint: string;
  hostPythonVersion?: string;
  /** Extensions' graceful shutdowns, awaited by the engine's stop. */
  shutdowns?: ShutdownTracker;
  /** Database proxies a function may be connected to (set once the databases exist). */
  databaseProxies?: () => ProxyService | undefined;
  /** What the configuration adds to the process (default: ENVIRONMENT_FEATURES). */
  features?: readonly EnvironmentFeature[];
}

export type EnvironmentState = "new" | "idle" | "busy" | "dead";
