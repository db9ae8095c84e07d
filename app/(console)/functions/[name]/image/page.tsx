import { FunctionBreadcrumb } from "@/components/function-page/function-breadcrumb";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { getFunctionImage } from "@/lib/aws/images";
import { listImageCatalog } from "@/lib/aws/images-catalog";
import { getImageHistoryStore } from "@/lib/image-history";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { DeployImagePanel } from "@/components/images/deploy-image-panel";
import { ImageDetails } from "@/components/images/image-details";
import { deployImageAction } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `${decodeURIComponent((await params).name)} · image` };
}

/** An image function's image: URI, digest, ImageConfig, deploy a new image, history + rollback. */
export default async function FunctionImagePage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ imageUri?: string; created?: string }>;
}) {
  const session = await requirePermission("functions.read");
  const name = decodeURIComponent((await params).name);
  const search = await searchParams;
  const { current } = await getCurrentTarget();
  const base = `/functions/${encodeURIComponent(name)}`;
  const image = await settle(getFunctionImage(current, name));
  const heading = (
    <>
      <FunctionBreadcrumb name={name} section="Image" />
      <PageHeading title={`${name}: container image`} />
    </>
  );
  if (!image.ok) {
    if (image.error.kind === "NotFound") notFound();
    return (
      <>
        {heading}
        <ErrorState error={image.error} />
      </>
    );
  }
  if (image.data.packageType !== "Image") {
    return (
      <>
        {heading}
        <p className="text-sm">
          {name} is a .zip function; its code is on the{" "}
          <Link href={base} className="text-blue-700 hover:underline">
            Code tab
          </Link>
          .
        </p>
      </>
    );
  }
  const canWrite = hasPermission(session.role, "functions.write");
  const catalog = canWrite ? await settle(listImageCatalog(current)) : null;
  const history = getImageHistoryStore().list(current.id, name);
  return (
    <>
      {heading}
      {search.created ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950/40 dark:text-green-200"
        >
          Created {name} from {image.data.imageUri}.{" "}
          <Link href={`${base}?tab=test`} className="underline">
            Test it
          </Link>
          .
        </p>
      ) : null}
      <div className="space-y-4">
        <Panel title="Image">
          <ImageDetails image={image.data} />
        </Panel>
        <DeployImagePanel
          functionName={name}
          currentDigest={image.data.digest ?? null}
          history={history}
          catalog={catalog}
          initialUri={search.imageUri ?? ""}
          action={canWrite ? deployImageAction : null}
        />
      </div>
    </>
  );
}
