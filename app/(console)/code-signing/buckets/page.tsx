import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { settle } from "@/lib/aws/errors";
import { listBuckets } from "@/lib/aws/buckets";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";

export const metadata = { title: "S3 buckets" };

/** The target's S3 buckets (the local engine's own S3 on the local target). */
export default async function BucketsPage() {
  await requirePermission("functions.read");
  const { current } = await getCurrentTarget();
  const buckets = await settle(listBuckets(current));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/code-signing" className="hover:underline">
          Code signing
        </Link>{" "}
        / S3 buckets
      </nav>
      <PageHeading
        title="S3 buckets"
        description="Where code packages wait to be signed and deployed."
      />
      <Panel title="Buckets">
        {!buckets.ok ? (
          <ErrorState error={buckets.error} />
        ) : buckets.data.length === 0 ? (
          <p className="text-sm text-zinc-500">No buckets yet. Sign and deploy creates one.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="bucket-list">
            {buckets.data.map((b) => (
              <li key={b.name}>
                <Link
                  href={`/code-signing/buckets/${encodeURIComponent(b.name)}`}
                  className="text-blue-700 hover:underline dark:text-blue-400"
                >
                  {b.name}
                </Link>{" "}
                <span className="text-zinc-500">{b.created ?? ""}</span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}
