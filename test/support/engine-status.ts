import type { RunningEngine } from "../../lib/engine/engine";
import type { EngineStatus } from "../../lib/engine/scheduler/controls";
import { signedHeaders } from "./signed-headers";

/**
 * GET /lambda-console/engine-status, signed as any client signs it: the engine's own counters
 * (in-flight invocations, live/standby/provisioned environments, queued events) that specs poll
 * with expect.poll instead of sleeping.
 */
export async function engineStatus(engine: RunningEngine): Promise<EngineStatus> {
  const url = new URL(`${engine.endpoint}/lambda-console/engine-status`);
  const res = await fetch(url, {
    headers: await signedHeaders(url, engine.ctx.config, { method: "GET" }),
  });
  if (res.status !== 200) throw new Error(`engine-status answered ${res.status}`);
  return (await res.json()) as EngineStatus;
}
