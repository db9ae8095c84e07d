import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { listObjectVersions } from "@/lib/aws/buckets";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { UploadObjectForm } from "@/components/code-signing/upload-object-form";
import { uploadObjectAction } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ bucket: string }> }) {
  return { title: `s3://${decodeURIComponent((await params).bucket)}` };
}

const th = "px-2 py-1 text-left font-medium text-zinc-500";
const td = "px-2 py-1";

/** One bucket: every object version (current ones first per key), download links, upload for writers. */
export default async function BucketPage({ params }: { params: Promise<{ bucket: string }> }) {
  const session = await requirePermission("functions.read");
  const bucket = decodeURIComponent((await params).bucket);
  const { current } = await getCurrentTarget();
  const versions = await settle(listObjectVersions(current, bucket));
  if (!versions.ok && versions.error.kind === "NotFound") notFound();
  const download = (key: string, versionId?: string) =>
    `/code-signing/buckets/${encodeURIComponent(bucket)}/download?${new URLSearchParams({ key, ...(versionId && versionId !== "null" ? { versionId } : {}) })}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/code-signing" className="hover:underline">
          Code signing
        </Link>{" "}
        /{" "}
        <Link href="/code-signing/buckets" className="hover:underline">
          S3 buckets
        </Link>{" "}
        / {bucket}
      </nav>
      <PageHeading title={`s3://${bucket}`} />
      <div className="space-y-4">
        <Panel title="Objects and versions">
          {!versions.ok ? (
            <ErrorState error={versions.error} />
          ) : versions.data.length === 0 ? (
            <p className="text-sm text-zinc-500">The bucket is empty.</p>
          ) : (
            <table className="w-full text-sm" data-testid="object-versions">
              <thead>
                <tr>
                  <th className={th}>Key</th>
                  <th className={th}>Version</th>
                  <th className={th}>Size</th>
                  <th className={th}>Last modified</th>
                  <th className={th}></th>
                </tr>
              </thead>
              <tbody>
                {versions.data.map((v) => (
                  <tr
                    key={`${v.key}-${v.versionId}`}
                    className="border-t border-zinc-100 dark:border-zinc-800"
                  >
                    <td className={`${td} font-mono text-xs`}>{v.key}</td>
                    <td className={`${td} font-mono text-xs`}>
                      {v.versionId}
                      {v.isLatest ? " (current)" : ""}
                      {v.deleteMarker ? " delete marker" : ""}
                    </td>
                    <td className={td}>{v.deleteMarker ? "—" : v.size.toLocaleString("en-US")}</td>
                    <td className={td}>{v.lastModified ?? "—"}</td>
                    <td className={td}>
                      {v.deleteMarker ? null : (
                        <a
                          href={download(v.key, v.versionId)}
                          className="text-blue-700 hover:underline dark:text-blue-400"
                        >
                          Download
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        {hasPermission(session.role, "functions.write") ? (
          <Panel title="Upload">
            <UploadObjectForm bucket={bucket} action={uploadObjectAction} />
          </Panel>
        ) : null}
      </div>
    </>
  );
}
