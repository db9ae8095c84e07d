import { useMemo } from "react";
import type { LogLine } from "@/lib/aws/logs";
import { logSource, parseExtensionLine } from "@/lib/aws/extension-lines";

/** Lines of one source ("" = all); extension names come from the EXTENSION lines loaded. */
export function filterBySource(lines: LogLine[], source: string): LogLine[] {
  if (!source) return lines;
  const names = new Set<string>();
  for (const l of lines) {
    const ext = parseExtensionLine(l.message);
    if (ext) names.add(ext.name);
  }
  return lines.filter((l) => logSource(l.message, names) === source);
}

export function useSourceFilter(lines: LogLine[], source: string): LogLine[] {
  return useMemo(() => filterBySource(lines, source), [lines, source]);
}
