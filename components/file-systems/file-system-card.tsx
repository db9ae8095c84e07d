import Link from "next/link";
import type { FileSystemView } from "@/lib/aws/file-systems";
import {
  deleteAccessPointAction,
  deleteFileSystemAction,
} from "@/app/(console)/file-systems/actions";
import { Panel } from "@/components/ui/panel";
import { CreateAccessPointForm } from "./create-access-point-form";
import { DeleteButton } from "./delete-button";

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** One file system: its settings, mount targets and access points (with who mounts each). */
export function FileSystemCard({
  fs,
  canWrite,
  browsable,
}: {
  fs: FileSystemView;
  canWrite: boolean;
  browsable: boolean;
}) {
  return (
    <Panel title={fs.name ? `${fs.name} (${fs.id})` : fs.id}>
      <div className="space-y-4" data-file-system={fs.id}>
        <dl className="grid grid-cols-[11rem_1fr] gap-y-1 text-sm">
          <dt className="text-zinc-500">State</dt>
          <dd>{fs.state}</dd>
          <dt className="text-zinc-500">Size</dt>
          <dd data-testid="fs-size">{formatBytes(fs.sizeBytes)}</dd>
          <dt className="text-zinc-500">Performance / throughput</dt>
          <dd>
            {fs.performanceMode} / {fs.throughputMode}
          </dd>
          <dt className="text-zinc-500">Encrypted</dt>
          <dd>{fs.encrypted ? "Yes" : "No"}</dd>
          <dt className="text-zinc-500">Mount targets</dt>
          <dd>
            {fs.mountTargets.length === 0
              ? "None (Lambda cannot mount it yet)"
              : fs.mountTargets.map((m) => `${m.subnetId} (${m.state})`).join(", ")}
          </dd>
          <dt className="text-zinc-500">ARN</dt>
          <dd className="truncate font-mono text-xs">{fs.arn}</dd>
        </dl>
        <div className="flex gap-3">
          {browsable ? (
            <Link
              href={`/file-systems/${fs.id}`}
              className="text-sm text-blue-700 hover:underline dark:text-blue-400"
            >
              Browse files
            </Link>
          ) : null}
          {canWrite ? (
            <DeleteButton
              action={deleteFileSystemAction}
              input={{ fileSystemId: fs.id }}
              label={`Delete file system ${fs.id}`}
              confirmText={`Delete ${fs.id} and every file in it?`}
            />
          ) : null}
        </div>
        <h3 className="text-sm font-medium">Access points</h3>
        {fs.accessPoints.length === 0 ? (
          <p className="text-sm text-zinc-500">No access points.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1">Access point</th>
                <th>POSIX user</th>
                <th>Root directory</th>
                <th>Mounted by</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {fs.accessPoints.map((ap) => (
                <tr
                  key={ap.id}
                  className="border-t border-zinc-100 dark:border-zinc-800"
                  data-access-point={ap.id}
                >
                  <td className="py-1">
                    <div>{ap.name || ap.id}</div>
                    <div className="font-mono text-xs text-zinc-500">{ap.id}</div>
                  </td>
                  <td>
                    {ap.posixUser
                      ? `${ap.posixUser.uid}:${ap.posixUser.gid}${ap.posixUser.secondaryGids.length ? ` (+${ap.posixUser.secondaryGids.join(",")})` : ""}`
                      : "client's own"}
                  </td>
                  <td>
                    <span className="font-mono">{ap.rootPath}</span>
                    {ap.creationInfo ? (
                      <span className="ml-1 text-xs text-zinc-500">
                        (created as {ap.creationInfo.ownerUid}:{ap.creationInfo.ownerGid}{" "}
                        {ap.creationInfo.permissions})
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {ap.functions.length === 0
                      ? "—"
                      : ap.functions.map((f) => (
                          <Link
                            key={f.name}
                            href={`/functions/${encodeURIComponent(f.name)}`}
                            className="mr-2 text-blue-700 hover:underline dark:text-blue-400"
                          >
                            {f.name} <span className="text-xs text-zinc-500">at {f.mountPath}</span>
                          </Link>
                        ))}
                  </td>
                  <td className="text-right">
                    {canWrite ? (
                      <DeleteButton
                        action={deleteAccessPointAction}
                        input={{ accessPointId: ap.id }}
                        label={`Delete access point ${ap.id}`}
                        confirmText={`Delete access point ${ap.id}? Functions that mount it stop working.`}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canWrite ? (
          <details>
            <summary className="cursor-pointer text-sm text-blue-700 dark:text-blue-400">
              Create an access point
            </summary>
            <div className="mt-2">
              <CreateAccessPointForm fileSystemId={fs.id} />
            </div>
          </details>
        ) : null}
      </div>
    </Panel>
  );
}
