import type { RunningEngine } from "../../lib/engine/engine";

/** What every SDK client in the specs needs to reach a test engine: its endpoint and keys, no retries. */
export function engineClientConfig(engine: RunningEngine) {
  return {
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: {
      accessKeyId: engine.ctx.config.accessKeyId,
      secretAccessKey: engine.ctx.config.secretAccessKey,
    },
    maxAttempts: 1,
  };
}
