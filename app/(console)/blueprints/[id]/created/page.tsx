import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { getBlueprint } from "@/lib/blueprints";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { getTestEventStore } from "@/lib/test-events";
import { PageHeading } from "@/components/ui/page-heading";
import { TestEventPanel } from "@/components/blueprints/test-event-panel";
import { invokeWithTestEvent } from "../../actions";

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const metadata = { title: "Function created" };

/**
 * Where "Create function" lands: the new function's Test tab, holding the blueprint's sample
 * event (saved in the console's store) until the function detail page has its own Test tab.
 */
export default async function CreatedPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  await requirePermission("functions.read");
  const { id } = await params;
  const fn = (await searchParams).function;
  const functionName = typeof fn === "string" ? fn : "";
  const blueprint = getBlueprint(id);
  if (!blueprint || !/^[A-Za-z0-9_-]{1,64}$/.test(functionName)) notFound();
  const { current } = await getCurrentTarget();
  const events = getTestEventStore().list(current.id, functionName);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/blueprints" className="underline">
          Blueprints
        </Link>{" "}
        /{" "}
        <Link href={`/blueprints/${blueprint.id}`} className="underline">
          {blueprint.id}
        </Link>
      </p>
      <PageHeading
        title={functionName}
        description={
          <>
            Created from <strong>{blueprint.title}</strong> in {current.label}.
          </>
        }
      />
      <div
        role="status"
        className="mb-6 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
      >
        Function {functionName} is Active. Invoke it with the blueprint&apos;s sample event below.
        Expected: {blueprint.expected.description}
      </div>
      <TestEventPanel
        functionName={functionName}
        events={events.map((e) => ({ name: e.name, json: e.json }))}
        action={invokeWithTestEvent}
      />
      <p className="mt-6 text-sm">
        <Link href="/functions" className="underline">
          All functions
        </Link>
      </p>
    </>
  );
}
