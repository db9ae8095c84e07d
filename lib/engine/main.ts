import { startEngine } from "./engine";
import { detectIsolation, isolationStatus, isolationSummary } from "./sandbox/isolation";
import { degradedComponents, engineHealth } from "./api/health";

/** Printed when functions are not sandboxed: easy to miss as one line among the start output. */
function warnIsolation(): void {
  const s = isolationStatus();
  if (s.enforced) return;
  const rule = "!".repeat(78);
  console.warn(`[engine] ${rule}`);
  console.warn(`[engine] WARNING: function isolation is NOT enforced. ${s.problem ?? ""}`);
  console.warn(`[engine] Fix: ${s.fix ?? ""}`);
  console.warn(`[engine] ${rule}`);
}

/** Every other degraded capability (registry, databases…), once the registry has started or failed. */
async function warnDegraded(engine: Awaited<ReturnType<typeof startEngine>>): Promise<void> {
  await engine.registry.ready();
  const health = await engineHealth({
    registry: engine.registry,
    env: process.env,
    isolation: detectIsolation(engine.ctx.config.sandboxEnv),
  });
  for (const d of degradedComponents(health)) {
    if (d.component === "sandbox") continue; // warnIsolation said it, louder
    console.warn(`[engine] WARNING: ${d.component} degraded: ${d.problem}`);
    console.warn(`[engine]   Fix: ${d.fix}`);
  }
}

/** `npm run engine`: the local engine alone, for the AWS CLI, SAM or any SDK. */
async function main(): Promise<void> {
  const engine = await startEngine();
  const { config } = engine.ctx;
  console.log(
    `[engine] Lambda API listening on ${engine.endpoint} (region ${config.region}, account ${config.accountId})`,
  );
  console.log(`[engine] data dir: ${config.dataDir}`);
  console.log(
    `[engine] function URLs on port ${config.urlPort}: http://<url-id>.lambda-url.${config.region}.localhost:${config.urlPort}/ or http://${config.host}:${config.urlPort}/lambda-url/<url-id>/`,
  );
  console.log(`[engine] isolation: ${isolationSummary()}`);
  warnIsolation();
  console.log(
    `[engine] concurrency: account limit ${config.concurrencyLimit}, scaling ${config.scalingRate} new environments per function per 10 s, machine cap ${config.maxEnvironments} live environments (LAMBDA_ENGINE_MAX_ENVIRONMENTS)`,
  );
  console.log(`[engine] use it with the AWS CLI:`);
  console.log(
    `  export AWS_ACCESS_KEY_ID=${config.accessKeyId} AWS_SECRET_ACCESS_KEY=${config.secretAccessKey} AWS_REGION=${config.region}`,
  );
  console.log(`  aws lambda list-functions --endpoint-url ${engine.endpoint}`);
  await warnDegraded(engine);
  console.log(`[engine] ready`);
  const shutdown = () => {
    engine.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error("[engine] failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
