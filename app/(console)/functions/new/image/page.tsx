import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { settle } from "@/lib/aws/errors";
import { listImageCatalog } from "@/lib/aws/images-catalog";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { CreateImageFunctionForm } from "@/components/images/create-image-function-form";
import { createImageFunctionAction } from "./actions";

export const metadata = { title: "Create function from a container image" };

/** The local engine accepts any role; AWS needs one that exists in the account. */
const LOCAL_ROLE = "arn:aws:iam::000000000000:role/lambda-console-execution";

/** Create → Container image (?imageUri= preselects one, e.g. right after an upload). */
export default async function CreateImageFunctionPage({
  searchParams,
}: {
  searchParams: Promise<{ imageUri?: string; name?: string }>;
}) {
  await requirePermission("functions.write");
  const { current } = await getCurrentTarget();
  const search = await searchParams;
  const catalog = await settle(listImageCatalog(current));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/functions" className="hover:underline">
          Functions
        </Link>{" "}
        /{" "}
        <Link href="/functions/new" className="hover:underline">
          Create
        </Link>{" "}
        / Container image
      </nav>
      <PageHeading
        title="Create function from a container image"
        description={`In ${current.label}. Pick an image from ${
          catalog.ok ? catalog.data.label : "the registry"
        } or paste its URI; upload an image archive on the Images page.`}
      />
      <p className="mb-4 text-sm">
        <Link href="/images" className="text-blue-700 hover:underline dark:text-blue-400">
          Upload an image archive
        </Link>
      </p>
      <CreateImageFunctionForm
        catalog={catalog}
        action={createImageFunctionAction}
        defaults={{
          functionName: search.name ?? "",
          imageUri: search.imageUri ?? "",
          entryPoint: "",
          command: "",
          workingDirectory: "",
          architecture: "x86_64",
          memorySize: "128",
          timeout: "3",
          description: "",
          environment: "",
          role: current.kind === "local" ? LOCAL_ROLE : "",
        }}
      />
    </>
  );
}
