import type { Target } from "@/lib/targets/types";
import type { FunctionInfo } from "@/lib/aws/function-detail";
import { NotYetAvailable } from "../ui/not-yet-available";
import { CodeTab } from "./code-tab";
import { ConfigurationTab } from "./configuration-tab";
import { TestTab } from "./test-tab";
import { VersionsTab } from "./versions-tab";
import { LogsTab } from "./logs-tab";
import { MonitorTab } from "./monitor-tab";
import type { FunctionTab } from "./tabs";

export interface TabPanelProps {
  tab: FunctionTab;
  target: Target;
  info: FunctionInfo;
  search: { qualifier?: string; range?: string; compare?: string };
  canWrite: boolean;
  canInvoke: boolean;
  canReadLogs: boolean;
}

/** Renders the chosen tab; each loads its own data inside the page's Suspense boundary. */
export async function FunctionTabPanel(p: TabPanelProps) {
  const name = p.info.config.name;
  switch (p.tab) {
    case "code":
      return <CodeTab target={p.target} info={p.info} canWrite={p.canWrite} />;
    case "test":
      return (
        <TestTab
          target={p.target}
          functionName={name}
          qualifier={p.search.qualifier}
          canInvoke={p.canInvoke}
        />
      );
    case "configuration":
      return <ConfigurationTab info={p.info} canWrite={p.canWrite} />;
    case "monitor":
      return (
        <MonitorTab
          target={p.target}
          config={p.info.config}
          range={p.search.range}
          qualifier={p.search.qualifier}
          canReadLogs={p.canReadLogs}
        />
      );
    case "logs":
      return (
        <LogsTab target={p.target} group={p.info.config.logGroup} canReadLogs={p.canReadLogs} />
      );
    case "versions":
      return (
        <VersionsTab
          target={p.target}
          functionName={name}
          compare={p.search.compare}
          canWrite={p.canWrite}
        />
      );
    default:
      return <NotYetAvailable willDo="This tab is being built." tracking="Issue #5." />;
  }
}
