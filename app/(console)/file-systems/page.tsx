import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { listFileSystems } from "@/lib/aws/file-systems";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { CreateFileSystemForm } from "@/components/file-systems/create-file-system-form";
import { FileSystemCard } from "@/components/file-systems/file-system-card";

export const metadata = { title: "File systems" };

/** A subnet id for the local engine's mount targets (it has no VPCs; any subnet id will do). */
const LOCAL_SUBNET = "subnet-00000000000000001";

/** The target's EFS file systems, their access points and the functions that mount them. */
export default async function FileSystemsPage() {
  const session = await requirePermission("functions.read");
  const { current } = await getCurrentTarget();
  const canWrite = hasPermission(session.role, "functions.write");
  const list = await settle(listFileSystems(current));
  return (
    <>
      <PageHeading
        title="File systems"
        description={
          current.kind === "local"
            ? "File systems the local engine mounts into functions through access points (directories in its data dir)."
            : `Amazon EFS file systems in ${current.region}.`
        }
      />
      <div className="space-y-4">
        {canWrite ? (
          <Panel title="Create a file system">
            <CreateFileSystemForm defaultSubnet={current.kind === "local" ? LOCAL_SUBNET : ""} />
          </Panel>
        ) : null}
        {!list.ok ? (
          <ErrorState error={list.error} />
        ) : list.data.length === 0 ? (
          <EmptyState title="No file systems yet">
            Create one, add an access point, then attach it to a function under Configuration → File
            system.
          </EmptyState>
        ) : (
          list.data.map((fs) => (
            <FileSystemCard
              key={fs.id}
              fs={fs}
              canWrite={canWrite}
              browsable={current.kind === "local"}
            />
          ))
        )}
      </div>
    </>
  );
}
