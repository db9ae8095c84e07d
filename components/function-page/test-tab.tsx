import type { Target } from "@/lib/targets/types";
import { listAliases, listVersions } from "@/lib/aws/versions-aliases";
import { getTestEventStore } from "@/lib/test-events";
import {
  deleteTestEventAction,
  invokeAction,
  saveTestEventAction,
} from "@/app/(console)/functions/[name]/actions";
import { InvokePanel } from "../invoke-panel/invoke-panel";

/** Test tab: saved events (console SQLite), templates, invoke a qualifier sync or async. */
export async function TestTab({
  target,
  functionName,
  qualifier,
  canInvoke,
}: {
  target: Target;
  functionName: string;
  qualifier: string | undefined;
  canInvoke: boolean;
}) {
  const [versions, aliases] = await Promise.all([
    listVersions(target, functionName).catch(() => []),
    listAliases(target, functionName).catch(() => []),
  ]);
  const qualifiers = [
    "$LATEST",
    ...versions
      .map((v) => v.version)
      .filter((v) => v !== "$LATEST")
      .reverse(),
    ...aliases.map((a) => a.name),
  ];
  const events = getTestEventStore().list(target.id, functionName);
  return (
    <InvokePanel
      functionName={functionName}
      qualifiers={qualifiers}
      initialQualifier={qualifier && qualifiers.includes(qualifier) ? qualifier : "$LATEST"}
      events={events}
      canInvoke={canInvoke}
      invoke={invokeAction}
      saveEvent={saveTestEventAction}
      deleteEvent={deleteTestEventAction}
    />
  );
}
