import { Suspense } from "react";
import type { Target } from "@/lib/targets/types";
import { listLogStreams } from "@/lib/aws/logs";
import { settle } from "@/lib/aws/errors";
import { loadLogsAction } from "@/app/(console)/logs/actions";
import { LogViewer } from "../log-viewer/log-viewer";
import { ErrorState } from "../ui/error-state";
import { PanelSkeleton } from "../ui/skeleton";
import { ExtensionsPanel } from "../extensions/extensions-panel";

/** Logs tab: the function's log group (LoggingConfig.LogGroup), its streams, events, live tail. */
export async function LogsTab({
  target,
  group,
  canReadLogs,
}: {
  target: Target;
  group: string;
  canReadLogs: boolean;
}) {
  if (!canReadLogs) return <p className="text-sm text-zinc-500">Your role cannot read logs.</p>;
  const streams = await settle(listLogStreams(target, group));
  if (!streams.ok) return <ErrorState error={streams.error} />;
  return (
    <div className="space-y-4">
      <Suspense fallback={<PanelSkeleton />}>
        <ExtensionsPanel target={target} group={group} />
      </Suspense>
      <LogViewer groups={[group]} streams={streams.data} load={loadLogsAction} sourceFilter />
    </div>
  );
}
