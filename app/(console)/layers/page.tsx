import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { listLayers } from "@/lib/aws/layers";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { PublishLayerForm } from "@/components/layers/publish-layer-form";
import { publishLayerAction } from "./actions";

export const metadata = { title: "Layers" };

/** The target's layers (newest version of each) and, for writers, publishing a version. */
export default async function LayersPage() {
  const session = await requirePermission("functions.read");
  const canWrite = hasPermission(session.role, "functions.write");
  const { current } = await getCurrentTarget();
  const layers = await settle(listLayers(current));
  return (
    <>
      <PageHeading
        title="Layers"
        description="Code and libraries shared between functions: a layer's files appear under /opt in the functions that use it."
      />
      <div className="space-y-4">
        {canWrite ? (
          <Panel title="Publish a layer version">
            <PublishLayerForm
              existing={layers.ok ? layers.data.map((l) => l.name) : []}
              action={publishLayerAction}
            />
          </Panel>
        ) : null}
        {!layers.ok ? (
          <ErrorState error={layers.error} />
        ) : layers.data.length === 0 ? (
          <EmptyState title="No layers yet">
            {canWrite ? "Publish one above from a .zip." : "A developer can publish one."}
          </EmptyState>
        ) : (
          <Panel title={`${layers.data.length} layer${layers.data.length === 1 ? "" : "s"}`}>
            <table className="w-full text-left text-sm" aria-label="Layers">
              <thead className="text-xs text-zinc-500">
                <tr>
                  <th className="py-1 pr-4">Name</th>
                  <th className="py-1 pr-4">Latest version</th>
                  <th className="py-1 pr-4">Description</th>
                  <th className="py-1 pr-4">Compatible runtimes</th>
                  <th className="py-1 pr-4">Architectures</th>
                  <th className="py-1">Created</th>
                </tr>
              </thead>
              <tbody>
                {layers.data.map((l) => (
                  <tr key={l.arn} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1 pr-4">
                      <Link
                        href={`/layers/${encodeURIComponent(l.name)}`}
                        className="text-blue-700 hover:underline dark:text-blue-400"
                      >
                        {l.name}
                      </Link>
                    </td>
                    <td className="py-1 pr-4">{l.latest.version}</td>
                    <td className="py-1 pr-4">{l.latest.description || "—"}</td>
                    <td className="py-1 pr-4">{l.latest.compatibleRuntimes.join(", ") || "—"}</td>
                    <td className="py-1 pr-4">
                      {l.latest.compatibleArchitectures.join(", ") || "—"}
                    </td>
                    <td className="py-1">{l.latest.createdDate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        )}
      </div>
    </>
  );
}
