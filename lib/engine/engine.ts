import type net from "node:net";
import { loadEngineConfig, type EngineConfig, type EnvVars } from "./config";
import { openDb } from "./store/db";
import { createContext, type EngineContext } from "./context";
import { CredentialRegistry } from "./credentials";
import { Router } from "./http/router";
import { ApiServer, startHttpServer } from "./http/api-server";
import { registerLambdaRoutes } from "./api/lambda";
import { registerLogsRoutes } from "./api/logs";
import { registerMetricsRoutes } from "./api/metrics";
import { launchLocalRegistry, type EngineRegistry } from "./images/local-registry";
import { registerHealthRoute } from "./api/health";
import { registerEfsRoutes } from "./api/efs";
import { detectIsolation } from "./sandbox/isolation";
import { startAuditTrail, type AuditOptions, type AuditTrail } from "./audit";
import { registerCodeSigning } from "./signing/register";
import { registerDatabases, type Databases } from "./rds";
import { FunctionsCore } from "./functions/core";
import { functionLayers } from "./layers/function-layers";
import { TargetResolver } from "./functions/resolve";
import { reconcileFunctions } from "./functions/lifecycle";
import { createInvoker, type Invoker } from "./invoke/invoker";
import { startConcurrencyControls, type ConcurrencyControls } from "./invoke/controls";
import { CodeUrlSigner } from "./api/lambda/code-url";
import { startFunctionUrls } from "./function-urls/register";

export interface RunningEngine {
  ctx: EngineContext;
  port: number;
  endpoint: string;
  credentials: CredentialRegistry;
  server: ApiServer;
  router: Router;
  /** The audit trail of every mutating call (lib/engine/audit). */
  audit: AuditTrail;
  /** The Lambda control plane: functions, versions, aliases, their store and code. */
  functions: FunctionsCore;
  /** Invocations: the invoker (dispatcher, environments), the Event queue, provisioned concurrency. */
  controls: ConcurrencyControls;
  invoker: Invoker;
  /** RDS instances and proxies, Secrets Manager (issue 16). */
  databases: Databases;
  /** The local OCI registry for image functions (started in the background). */
  registry: EngineRegistry;
  /** Idempotent: stops environments, closes the server and the store. */
  stop(): Promise<void>;
}

/** What tests inject beyond the environment. */
export interface EngineOptions {
  audit?: AuditOptions;
}

/**
 * The engine's composition root: every service is built here, in dependency order, and handed
 * to the route modules that serve it; `stop` undoes it in reverse. Tests call this with their
 * own env.
 */
export async function startEngine(
  env: EnvVars = process.env,
  options: EngineOptions = {},
): Promise<RunningEngine> {
  const config: EngineConfig = loadEngineConfig(env);
  const db = openDb(config.dataDir);
  const ctx = createContext(config, db);
  const credentials = new CredentialRegistry(config.accessKeyId, config.secretAccessKey);
  const router = new Router({ accountId: config.accountId, region: config.region });
  const disposers: (() => Promise<void> | void)[] = [];
  // Issue 13: the audit trail observes every routed call; disposed last, after every route.
  const audit = startAuditTrail(router, ctx, env, options.audit);
  disposers.push(() => audit.dispose());
  // The local OCI registry for image functions starts in the background; stopped last.
  const registry = launchLocalRegistry(ctx, env);
  disposers.push(() => registry.dispose());
  // S3, Signer and code signing (before Lambda: CreateFunction reads code from S3 through them).
  const codeSigning = registerCodeSigning(router, ctx);
  // Functions: the control plane, and which version's code and configuration a name resolves to.
  const functions = new FunctionsCore(ctx, { codeSigning, layers: functionLayers, registry });
  const resolver = new TargetResolver(functions);
  disposers.push(() => functions.drain());
  // Invocations: the durable Event queue, then the invoker that writes accepted events to it
  // (dispatcher, execution environments, standbys), then provisioned concurrency.
  // Database proxies are built below (their routes after Lambda's): environments ask when they start.
  const late: { databases?: Databases } = {};
  const controls = startConcurrencyControls(functions, resolver.resolveTarget, (events) =>
    createInvoker(ctx, credentials, resolver.resolveTarget, {
      events,
      databaseProxies: () => late.databases?.proxies,
    }),
  );
  disposers.push(() => controls.dispose());
  // Issue 21: resource policies, function URLs and their listener.
  const functionUrls = startFunctionUrls(ctx, functions, controls.invoker, credentials);
  disposers.push(() => functionUrls.close());
  // The Lambda REST API; GetFunction's code download URLs are signed with the engine's secret.
  const codeUrls = new CodeUrlSigner(config.secretAccessKey);
  registerLambdaRoutes(router, { functions, controls, codeUrls, functionUrls });
  // Functions a stop left mid-transition settle; Node.js cold starts take pre-started sandboxes:
  // have them ready for the sizes in use before the first invoke.
  reconcileFunctions(functions);
  controls.invoker.dispatcher.standby.prime(functions.store.recentNodeSizes(2));
  disposers.push(...registerLogsRoutes(router, ctx));
  disposers.push(...registerMetricsRoutes(router, ctx));
  disposers.push(...registerEfsRoutes(router, ctx)); // EFS file systems (issue 17)
  // Databases (issue 16): RDS instances and proxies, Secrets Manager; servers stop before the store.
  const databases = registerDatabases(router, ctx);
  late.databases = databases;
  databases.proxies.lookup = credentials.lookup;
  disposers.push(() => databases.stop());
  // The same variables the scheduler detects from (config.sandboxEnv): health and refusal agree.
  const isolation = detectIsolation(config.sandboxEnv);
  registerHealthRoute(router, { registry, env, isolation });
  // Functions reach the API on their own namespace's socket, always signed (never the benchmarks'
  // unsigned opt-in): a sandbox's requests carry its scoped session keys.
  ctx.serveApiOn = (handle) => {
    const s = new ApiServer({ router, lookupSecret: credentials.lookup });
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
    functions,
    controls,
    invoker: controls.invoker,
    databases,
    registry,
    stop() {
      stopped ??= (async () => {
        for (const d of disposers.reverse()) await d();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        // Samples recorded while environments drained are still buffered.
        ctx.metrics.flush();
        db.close();
      })();
      return stopped;
    },
  };
}
