import type { Metadata } from "next";
import { AuditFilterForm, RESULTS } from "@/components/audit/audit-filter-form";
import { AuditTimelineTable } from "@/components/audit/audit-timeline-table";
import { PageHeading } from "@/components/ui/page-heading";
import { getConsoleStores } from "@/lib/auth/console-stores";
import {
  decodeCursor,
  encodeCursor,
  readTimeline,
  type TimelineFilters,
} from "@/lib/audit/timeline";
import { requirePermission } from "@/lib/auth/guard";
import { lookupTrailEvents } from "@/lib/aws/cloudtrail";
import { getCurrentTarget } from "@/lib/targets/current-target";

export const metadata: Metadata = { title: "Audit log" };

type Params = Promise<Record<string, string | string[] | undefined>>;

function one(v: string | string[] | undefined): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** A datetime-local value (UTC on this page) or an ISO time, as ISO; undefined when invalid. */
function isoOf(v: string | undefined, end: boolean): string | undefined {
  if (!v) return undefined;
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)
    ? `${v}:${end ? "59.999" : "00.000"}Z`
    : v;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export default async function AuditPage({ searchParams }: { searchParams: Params }) {
  await requirePermission("admin");
  const params = await searchParams;
  const source = one(params.source);
  const rawResult = one(params.result);
  const filters: TimelineFilters = {
    who: one(params.actor),
    action: one(params.action),
    resource: one(params.resource),
    result: RESULTS.find((r) => r === rawResult),
    source: source === "console" || source === "engine" ? source : undefined,
    since: isoOf(one(params.from), false),
    until: isoOf(one(params.to), true),
  };
  const { current } = await getCurrentTarget();
  const { audit } = getConsoleStores();
  const page = await readTimeline(
    {
      queryConsole: (q) => audit.query(q),
      lookupEngine: (q) => lookupTrailEvents(current, q),
    },
    filters,
    decodeCursor(one(params.cursor)),
  );
  const engineLabel = current.kind === "local" ? "Engine" : "CloudTrail";
  const facets = audit.facets();
  const engineUsers = page.items.flatMap((i) => (i.source === "engine" ? [i.event.username] : []));
  const users = [
    ...new Set([...facets.actors, ...engineUsers, ...(filters.who ? [filters.who] : [])]),
  ].sort();
  const engineActions = page.items.flatMap((i) => (i.source === "engine" ? [i.event.name] : []));
  const actions = [...new Set([...facets.actions, ...engineActions])].sort();

  const older = new URLSearchParams();
  for (const key of ["actor", "action", "resource", "source", "result", "from", "to"]) {
    const v = one(params[key]);
    if (v) older.set(key, v);
  }
  if (page.next) older.set("cursor", encodeCursor(page.next));

  return (
    <div>
      <PageHeading
        title="Audit log"
        description={`Console actions and every change made through the API of ${current.label} (${engineLabel}), newest first.`}
      />
      <AuditFilterForm
        filters={filters}
        users={users}
        actions={actions}
        engineLabel={engineLabel}
      />
      {page.engineProblem ? (
        <p role="alert" className="mb-3 text-sm text-amber-800 dark:text-amber-300">
          {engineLabel} events are not shown: {page.engineProblem}
        </p>
      ) : null}
      {page.items.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No entries match.</p>
      ) : (
        <AuditTimelineTable items={page.items} engineLabel={engineLabel} targetId={current.id} />
      )}
      {page.next ? (
        <a className="mt-3 inline-block text-sm underline" href={`/audit?${older.toString()}`}>
          Older entries
        </a>
      ) : null}
    </div>
  );
}
