import type { ReactNode } from "react";
import { NuqsAdapter } from "nuqs/adapters/next/app";

/** URL state (search, sort, tabs, ranges) for every functions page. */
export default function FunctionsLayout({ children }: { children: ReactNode }) {
  return <NuqsAdapter>{children}</NuqsAdapter>;
}
