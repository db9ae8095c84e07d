import type { IsolationWarning } from "@/lib/health/engine-health";
import { WarningBanner } from "./warning-banner";

/** Shown at the top of every page for each degraded capability (no registry, no databases…). */
export function CapabilityBanner({ warning }: { warning: IsolationWarning }) {
  return (
    <WarningBanner warning={warning} label={`Degraded capability: ${warning.title}`} tone="amber" />
  );
}
