import type { Target } from "../targets/types";
import {
  isolationWarningFor,
  readEngineHealth,
  type EngineHealthReading,
  type IsolationWarning,
} from "./engine-health";

/** What the banner calls each engine component when it is degraded; others by their own name. */
const TITLES: Record<string, string> = {
  registry: "Image functions are unavailable",
  databases: "Databases (RDS proxies) are unavailable",
};

export interface CapabilityWarnings {
  /** Function isolation (or an unreachable engine): the red banner. */
  isolation?: IsolationWarning;
  /** Every other degraded capability, each with the command that fixes it. */
  degraded: (IsolationWarning & { component: string })[];
}

/** Every degraded capability of the engine's report (issue 19), from one /health reading. */
function capabilityWarningsFor(reading: EngineHealthReading): CapabilityWarnings {
  const isolation = isolationWarningFor(reading);
  if (!reading.reachable) return { isolation, degraded: [] };
  const degraded: CapabilityWarnings["degraded"] = [];
  for (const [component, raw] of Object.entries(reading.report.components)) {
    if (component === "engine" || component === "sandbox") continue;
    const c = raw as { status?: unknown; problem?: unknown; fix?: unknown };
    if (c.status !== "degraded") continue;
    degraded.push({
      component,
      title: TITLES[component] ?? `The engine's ${component} is degraded`,
      problem: typeof c.problem === "string" ? c.problem : `${component} is degraded.`,
      fix: typeof c.fix === "string" ? c.fix : "sudo bash scripts/install-system-packages.sh",
    });
  }
  return { isolation, degraded };
}

/** For the layout: only the local target's engine runs on this machine, so only it is checked. */
export async function capabilityWarningsForTarget(target: Target): Promise<CapabilityWarnings> {
  if (target.kind !== "local") return { degraded: [] };
  return capabilityWarningsFor(await readEngineHealth(target));
}
