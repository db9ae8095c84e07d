import type { RunningEngine } from "../../lib/engine/engine";

/** The engine's own access key and secret (for hand-signed requests, presigned URLs, tokens). */
export function engineCredentials(engine: RunningEngine) {
  return {
    accessKeyId: engine.ctx.config.accessKeyId,
    secretAccessKey: engine.ctx.config.secretAccessKey,
  };
}

/** What every SDK client in the specs needs to reach a test engine: its endpoint and keys, no retries. */
export function engineClientConfig(engine: RunningEngine) {
  return {
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: engineCredentials(engine),
    maxAttempts: 1,
  };
}
