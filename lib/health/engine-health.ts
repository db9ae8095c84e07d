import { z } from "zod";
import type { Target } from "../targets/types";
import { probeJson } from "./probe";

/** The engine's GET /health (lib/engine/api/health.ts), as far as the console relies on it. */
const engineHealthSchema = z.looseObject({
  status: z.enum(["ok", "degraded"]),
  components: z.looseObject({
    engine: z.looseObject({ status: z.string(), version: z.string(), node: z.string() }),
    sandbox: z.looseObject({
      status: z.string(),
      enforced: z.boolean(),
      sandbox: z.string(),
      memory: z.string(),
      problem: z.string().optional(),
      fix: z.string().optional(),
    }),
    registry: z.looseObject({ status: z.string() }),
  }),
});

export type EngineHealthReport = z.infer<typeof engineHealthSchema>;

export type EngineHealthReading =
  | { reachable: true; endpoint: string; report: EngineHealthReport }
  | { reachable: false; endpoint: string; problem: string };

/** What the banner on every page says: the problem, and the command that fixes it. */
export interface IsolationWarning {
  title: string;
  problem: string;
  fix: string;
}

export const START_ENGINE_FIX = "npm start (or npm run engine to start the engine alone)";

/** The local engine's health; never throws, and waits at most the probe's short timeout. */
export async function readEngineHealth(target: Target): Promise<EngineHealthReading> {
  const endpoint = target.endpoint ?? "";
  const probe = await probeJson(`${endpoint.replace(/\/+$/, "")}/health`);
  if (!probe.ok) return { reachable: false, endpoint, problem: probe.problem };
  const parsed = engineHealthSchema.safeParse(probe.json);
  if (!parsed.success)
    return { reachable: false, endpoint, problem: "its /health answer is not an engine's report" };
  return { reachable: true, endpoint, report: parsed.data };
}

/** The banner's content while isolation is not enforced or cannot be known; undefined when it is. */
export function isolationWarningFor(reading: EngineHealthReading): IsolationWarning | undefined {
  if (!reading.reachable)
    return {
      title: "Local engine not reachable",
      problem: `The local engine at ${reading.endpoint} is not answering (${reading.problem}), so whether functions run isolated cannot be checked.`,
      fix: START_ENGINE_FIX,
    };
  const sandbox = reading.report.components.sandbox;
  if (sandbox.enforced) return undefined;
  return {
    title: "Function isolation is not enforced",
    problem: sandbox.problem ?? `Functions are not sandboxed (${sandbox.sandbox}).`,
    fix: sandbox.fix ?? "sudo bash scripts/install-system-packages.sh",
  };
}

/** For the layout: only the local target runs functions on this machine, so only it is checked. */
export async function isolationWarningForTarget(
  target: Target,
): Promise<IsolationWarning | undefined> {
  if (target.kind !== "local") return undefined;
  return isolationWarningFor(await readEngineHealth(target));
}
