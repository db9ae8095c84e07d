import { settle } from "@/lib/aws/errors";
import { getFunctionFileSystem, listFileSystems } from "@/lib/aws/file-systems";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { Panel } from "@/components/ui/panel";
import { AttachFileSystemForm } from "./attach-file-system-form";

/** Function Configuration → File system: the mounted access point, and attaching one. */
export async function FunctionFileSystemPanel({
  functionName,
  canWrite,
}: {
  functionName: string;
  canWrite: boolean;
}) {
  const { current } = await getCurrentTarget();
  const [mine, all] = await Promise.all([
    settle(getFunctionFileSystem(current, functionName)),
    settle(listFileSystems(current)),
  ]);
  if (!mine.ok)
    return (
      <Panel title="File system">
        <ErrorState error={mine.error} />
      </Panel>
    );
  const accessPoints = all.ok
    ? all.data.flatMap((fs) =>
        fs.accessPoints.map((ap) => ({
          arn: ap.arn,
          label: `${fs.name || fs.id} / ${ap.name || ap.id} (${ap.rootPath}${ap.posixUser ? `, ${ap.posixUser.uid}:${ap.posixUser.gid}` : ""})`,
          subnets: fs.mountTargets.map((m) => m.subnetId),
        })),
      )
    : [];
  const mount = mine.data.mount;
  return (
    <Panel title="File system">
      <div className="space-y-3 text-sm" data-testid="function-file-system">
        {mount ? (
          <p>
            Mounted at <span className="font-mono">{mount.mountPath}</span> through{" "}
            <span className="font-mono text-xs">{mount.accessPointArn}</span>
          </p>
        ) : (
          <p className="text-zinc-500">No file system is mounted.</p>
        )}
        {canWrite ? (
          <AttachFileSystemForm
            functionName={functionName}
            accessPoints={accessPoints}
            current={mount}
            inVpc={mine.data.subnetIds.length > 0}
          />
        ) : null}
      </div>
    </Panel>
  );
}
