import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { listFunctions } from "@/lib/aws/functions";
import { listImageCatalog } from "@/lib/aws/images-catalog";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { ImageUpload } from "@/components/images/image-upload";
import { RepositoryTable } from "@/components/images/repository-table";

export const metadata = { title: "Images" };

/** The target's images (local registry, or ECR on AWS) and, locally, uploading an archive. */
export default async function ImagesPage() {
  const session = await requirePermission("functions.read");
  const { current } = await getCurrentTarget();
  const canWrite = hasPermission(session.role, "functions.write");
  const [catalog, functions] = await Promise.all([
    settle(listImageCatalog(current)),
    canWrite ? settle(listFunctions(current)) : Promise.resolve(null),
  ]);
  const imageFunctions =
    functions?.ok === true
      ? functions.data.filter((f) => f.packageType === "Image").map((f) => f.name)
      : [];
  return (
    <>
      <PageHeading
        title="Container images"
        description={
          current.kind === "local"
            ? "Images in the local registry the engine pulls from. Upload a docker save / podman save / OCI archive to add one."
            : `Repositories in Amazon ECR (${current.region}).`
        }
      />
      <div className="space-y-4">
        {canWrite ? (
          <Panel title="Upload an image archive to the local registry">
            <ImageUpload imageFunctions={imageFunctions} />
            {current.kind !== "local" ? (
              <p className="mt-2 text-xs text-amber-700">
                Uploads go to the local registry, which {current.label} cannot pull from; push to
                ECR with docker or the AWS CLI instead.
              </p>
            ) : null}
          </Panel>
        ) : null}
        <Panel title={catalog.ok ? `Repositories in ${catalog.data.label}` : "Repositories"}>
          {catalog.ok ? (
            <RepositoryTable catalog={catalog.data} canWrite={canWrite} />
          ) : (
            <ErrorState error={catalog.error} />
          )}
        </Panel>
        {canWrite ? (
          <p className="text-sm">
            <Link href="/functions/new/image" className="text-blue-700 hover:underline">
              Create a function from a container image
            </Link>
          </p>
        ) : null}
      </div>
    </>
  );
}
