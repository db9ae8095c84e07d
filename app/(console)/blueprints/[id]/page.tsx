import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import {
  AWS_RUNTIMES,
  capabilitiesForTarget,
  getBlueprint,
  readBlueprintFiles,
  supportedBy,
} from "@/lib/blueprints";
import { runtimeFamily } from "@/lib/blueprints/filter";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { BlueprintPresets } from "@/components/blueprints/blueprint-presets";
import { CodePreview } from "@/components/blueprints/code-preview";
import { CreateFromBlueprintForm } from "@/components/blueprints/create-from-blueprint-form";
import { SupportNotice } from "@/components/blueprints/support-notice";
import { defaultRoleArn } from "@/components/blueprints/constants";
import { createFunctionFromBlueprint } from "../actions";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  const b = getBlueprint((await params).id);
  return { title: b ? `Blueprint: ${b.title}` : "Blueprint" };
}

export default async function BlueprintPage({ params }: { params: Params }) {
  await requirePermission("functions.read");
  const { id } = await params;
  const blueprint = getBlueprint(id);
  const files = readBlueprintFiles(id);
  if (!blueprint || !files) notFound();
  // The handler's file first in the preview: it is what a reader looks for.
  const entry = blueprint.runtime.startsWith("provided")
    ? "bootstrap"
    : blueprint.handler.slice(0, blueprint.handler.lastIndexOf("."));
  const ordered = [...files].sort(
    (a, b) =>
      Number(b.path.replace(/\.\w+$/, "") === entry) -
      Number(a.path.replace(/\.\w+$/, "") === entry),
  );
  const { current } = await getCurrentTarget();
  const capabilities = capabilitiesForTarget(current.kind);
  const support = supportedBy(blueprint, capabilities);
  // The runtimes this target offers in the blueprint's family; the code is written for that family.
  const family = runtimeFamily(blueprint.runtime);
  const runtimes = (current.kind === "local" ? capabilities.runtimes : AWS_RUNTIMES).filter(
    (r) => family !== undefined && r.startsWith(family),
  );
  const accountId = process.env.LAMBDA_ENGINE_ACCOUNT_ID || "000000000000";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/blueprints" className="underline">
          Blueprints
        </Link>{" "}
        / {blueprint.id}
      </p>
      <PageHeading title={blueprint.title} description={blueprint.description} />
      <SupportNotice support={support} targetLabel={current.label} />
      <div className="mt-4 grid gap-6 lg:grid-cols-2">
        <div className="min-w-0 space-y-6">
          <BlueprintPresets blueprint={blueprint} />
          <CodePreview files={ordered} />
        </div>
        <section aria-labelledby="create" className="min-w-0">
          <h2 id="create" className="mb-3 text-lg font-semibold">
            Use blueprint
          </h2>
          <CreateFromBlueprintForm
            action={createFunctionFromBlueprint}
            disabled={!support.supported}
            runtimes={runtimes.length > 0 ? runtimes : [blueprint.runtime]}
            defaults={{
              blueprintId: blueprint.id,
              functionName: blueprint.id,
              runtime: blueprint.runtime,
              handler: blueprint.handler,
              memorySize: blueprint.memorySize,
              timeout: blueprint.timeout,
              role: defaultRoleArn(current.kind, accountId),
              description: blueprint.title,
              environment: Object.entries(blueprint.environment)
                .map(([k, v]) => `${k}=${v}`)
                .join("\n"),
              testEvent: JSON.stringify(blueprint.sampleEvent, null, 2),
            }}
          />
        </section>
      </div>
    </>
  );
}
