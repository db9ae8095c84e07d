export const FUNCTION_TABS = [
  ["code", "Code"],
  ["test", "Test"],
  ["monitor", "Monitor"],
  ["logs", "Logs"],
  ["configuration", "Configuration"],
  ["versions", "Versions and aliases"],
] as const;

export type FunctionTab = (typeof FUNCTION_TABS)[number][0];

export function parseTab(value: string | undefined): FunctionTab {
  return FUNCTION_TABS.find(([id]) => id === value)?.[0] ?? "code";
}
