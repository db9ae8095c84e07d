import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { getBlueprint } from "@/lib/blueprints";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { CreateFunctionForm } from "@/components/function-create/create-function-form";
import { starterFor } from "@/components/function-create/starters";
import { createFunctionAction } from "./actions";

export const metadata = { title: "Create function" };

/** The local engine accepts any role; AWS needs one that exists in the account. */
const LOCAL_ROLE = "arn:aws:iam::000000000000:role/lambda-console-execution";

export default async function CreateFunctionPage({
  searchParams,
}: {
  searchParams: Promise<{ blueprint?: string }>;
}) {
  await requirePermission("functions.write");
  const { current } = await getCurrentTarget();
  const { blueprint: blueprintId } = await searchParams;
  const blueprint = blueprintId ? getBlueprint(blueprintId) : undefined;
  const runtime = blueprint?.runtime ?? "nodejs22.x";
  const defaults = {
    functionName: blueprint ? blueprint.id : "",
    runtime,
    architecture: "x86_64",
    handler: blueprint?.handler ?? starterFor(runtime).handler,
    memorySize: String(blueprint?.memorySize ?? 128),
    timeout: String(blueprint?.timeout ?? 3),
    description: blueprint?.description.slice(0, 256) ?? "",
    environment: Object.entries(blueprint?.environment ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
    role: current.kind === "local" ? LOCAL_ROLE : "",
    blueprintId: blueprint?.id ?? "",
  };
  return (
    <>
      <PageHeading
        title="Create function"
        description={
          blueprint
            ? `From the ${blueprint.title} blueprint, in ${current.label}.`
            : `Author from scratch in ${current.label}, starting with a small handler you can edit on the Code tab.`
        }
      />
      {blueprint ? null : (
        <nav aria-label="Other ways to create" className="mb-4 flex gap-4 text-sm">
          <span className="font-medium">Author from scratch</span>
          <Link href="/blueprints" className="text-blue-700 hover:underline dark:text-blue-400">
            Use a blueprint
          </Link>
          <Link
            href="/functions/new/image"
            className="text-blue-700 hover:underline dark:text-blue-400"
          >
            Container image
          </Link>
        </nav>
      )}
      <CreateFunctionForm
        defaults={defaults}
        blueprintTitle={blueprint?.title}
        action={createFunctionAction}
      />
    </>
  );
}
