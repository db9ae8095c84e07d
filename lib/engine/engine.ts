import type http from "node:http";
import type net from "node:net";
import { loadEngineConfig, type EngineConfig, type EnvVars } from "./config";
import { openDb } from "./store/db";
import { createContext, type EngineContext } from "./context";
import { CredentialRegistry } from "./credentials";
import { Router } from "./http/router";
import { createApiServer, startHttpServer } from "./http/server";
import { registerLambdaRoutes } from "./api/lambda";
import { registerLogsRoutes } from "./api/logs";
import { registerMetricsRoutes } from "./api/metrics";
import { metricsStoreFor } from "./metrics/store";
import { launchLocalRegistry } from "./images/local-registry";
import { registerHealthRoute } from "./api/health";
import { registerEfsRoutes } from "./api/efs";
import { detectIsolation } from "./sandbox/isolation";
import { startAuditTrail, type AuditOptions, type AuditTrail } from "./audit";
import { registerCodeSigning } from "./signing/register";
import { registerDatabases } from "./rds";

export interface RunningEngine {
  ctx: EngineContext;
  port: number;
  endpoint: string;
  credentials: CredentialRegistry;
  server: http.Server;
  router: Router;
  /** The audit trail of every mutating call (lib/engine/audit). */
  audit: AuditTrail;
  /** Idempotent: stops environments, closes the server and the store. */
  stop(): Promise<void>;
}

/** What tests inject beyond the environment. */
export interface EngineOptions {
  audit?: AuditOptions;
}

/** Starts the engine: store, routes, HTTP server. Tests call this with their own env. */
export async function startEngine(
  env: EnvVars = process.env,
  options: EngineOptions = {},
): Promise<RunningEngine> {
  const config: EngineConfig = loadEngineConfig(env);
  const db = openDb(config.dataDir);
  const ctx = createContext(config, db);
  const credentials = new CredentialRegistry(config.accessKeyId, config.secretAccessKey);
  const router = new Router();
  const disposers: (() => Promise<void> | void)[] = [];
  // Issue 13: the audit trail observes every routed call; disposed last, after every route.
  const audit = startAuditTrail(router, ctx, env, options.audit);
  disposers.push(() => audit.dispose());
  // The local OCI registry for image functions starts in the background; stopped last.
  disposers.push(launchLocalRegistry(ctx, env));
  // S3, Signer and code signing (before Lambda: CreateFunction reads code from S3 through them).
  registerCodeSigning(router, ctx);
  disposers.push(...registerLambdaRoutes(router, ctx, credentials));
  disposers.push(...registerLogsRoutes(router, ctx));
  disposers.push(...registerMetricsRoutes(router, ctx));
  disposers.push(...registerEfsRoutes(router, ctx)); // EFS file systems (issue 17)
  // Databases (issue 16): RDS instances and proxies, Secrets Manager; servers stop before the store.
  const databases = registerDatabases(router, ctx);
  ctx.databaseProxies = databases.proxies;
  databases.proxies.lookup = credentials.lookup;
  disposers.push(() => databases.stop());
  // The same variables the scheduler detects from (config.sandboxEnv): health and refusal agree.
  const isolation = detectIsolation(config.sandboxEnv);
  registerHealthRoute(router, { ctx, env, isolation });
  // Functions reach the API on their own namespace's socket, always signed (never the benchmarks'
  // unsigned opt-in): a sandbox's requests carry its scoped session keys.
  ctx.serveApiOn = (handle) => {
    const s = createApiServer({ router, lookupSecret: credentials.lookup });
    s.listen(handle as net.ListenOptions);
    return () => {
      s.closeAllConnections();
      s.close();
    };
  };
  const { server, port } = await startHttpServer({
    host: config.host,
    port: config.port,
    router,
    lookupSecret: credentials.lookup,
    unsignedPrincipal: config.allowUnsigned ? config.accessKeyId : undefined,
  });
  // Port 0 asks for an ephemeral port: record the real one, functions call back to it.
  config.port = port;
  let stopped: Promise<void> | undefined;
  return {
    ctx,
    port,
    endpoint: `http://${config.host}:${port}`,
    credentials,
    server,
    router,
    audit,
    stop() {
      stopped ??= (async () => {
        for (const d of disposers.reverse()) await d();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        // Samples recorded while environments drained are still buffered.
        metricsStoreFor(db).flush();
        db.close();
      })();
      return stopped;
    },
  };
}
