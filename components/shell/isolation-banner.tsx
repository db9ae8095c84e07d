import type { IsolationWarning } from "@/lib/health/engine-health";
import { WarningBanner } from "./warning-banner";

/** Shown at the top of every page while the local engine's functions are not isolated. */
export function IsolationBanner({ warning }: { warning: IsolationWarning }) {
  return <WarningBanner warning={warning} label="Engine isolation warning" tone="red" />;
}
