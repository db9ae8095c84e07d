/** One line saying which isolation is in force (bubblewrap, cgroups), for the start line. */
export function isolationSummary(): string {
  return "not yet detected";
}
