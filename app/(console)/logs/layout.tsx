import type { ReactNode } from "react";
import { NuqsAdapter } from "nuqs/adapters/next/app";

/** URL state (filter pattern, time range) for the logs page. */
export default function LogsLayout({ children }: { children: ReactNode }) {
  return <NuqsAdapter>{children}</NuqsAdapter>;
}
