import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import {
  capabilitiesForTarget,
  listBlueprintErrors,
  listBlueprints,
  supportedBy,
} from "@/lib/blueprints";
import { filterBlueprints, parseGalleryFilter } from "@/lib/blueprints/filter";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { PageHeading } from "@/components/ui/page-heading";
import { EmptyState } from "@/components/ui/empty-state";
import { BlueprintCard } from "@/components/blueprints/blueprint-card";
import { BlueprintFilters } from "@/components/blueprints/blueprint-filters";
import { BlueprintErrors } from "@/components/blueprints/blueprint-errors";

export const metadata = { title: "Blueprints" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BlueprintsPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePermission("functions.read");
  const filter = parseGalleryFilter(await searchParams);
  const { current } = await getCurrentTarget();
  const capabilities = capabilitiesForTarget(current.kind);
  const all = listBlueprints();
  const shown = filterBlueprints(all, filter);
  return (
    <>
      <PageHeading
        title="Blueprints"
        description="Sample code with settings that start a working function in one step."
      />
      <BlueprintFilters filter={filter} />
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="blueprint-count">
        {shown.length === all.length
          ? `${all.length} blueprints`
          : `${shown.length} of ${all.length} blueprints`}
      </p>
      {shown.length === 0 ? (
        <EmptyState title="No blueprint matches">
          <Link href="/blueprints" className="underline">
            Clear the filters
          </Link>
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {shown.map((b) => (
            <li key={b.id}>
              <BlueprintCard
                blueprint={b}
                support={supportedBy(b, capabilities)}
                targetLabel={current.label}
              />
            </li>
          ))}
        </ul>
      )}
      <BlueprintErrors errors={listBlueprintErrors()} />
    </>
  );
}
