import type { TrailEvent, TrailPage, TrailQuery } from "../aws/cloudtrail";
import type { AuditEntry, AuditQuery, AuditResult } from "./store";

/** One row of the Audit page: a console action or a call the engine (or CloudTrail) recorded. */
export type TimelineItem =
  | { source: "console"; time: string; entry: AuditEntry }
  | { source: "engine"; time: string; event: TrailEvent };

type TimelineSource = "console" | "engine";

export interface TimelineFilters {
  /** A console actor (user id) or an engine/CloudTrail user name or principal ARN. */
  who?: string;
  /** A console action ("functions.delete") or an event name ("CreateFunction20150331"). */
  action?: string;
  /** A function name, ARN or any resource name an event lists. */
  resource?: string;
  result?: AuditResult;
  source?: TimelineSource;
  /** ISO times, inclusive. */
  since?: string;
  until?: string;
}

/**
 * Where the next page starts in each source: the console's last id, and the engine's
 * LookupEvents token plus how many of that page were shown already (pages are merged by time,
 * so a page is often only partly shown).
 */
export interface TimelineCursor {
  console?: { before?: number } | "done";
  engine?: { token?: string; skip: number } | "done";
}

export interface TimelinePage {
  items: TimelineItem[];
  next?: TimelineCursor;
  /** Why the engine's events are missing (unreachable, no CloudTrail permission). */
  engineProblem?: string;
}

export interface TimelineSources {
  queryConsole(q: AuditQuery): AuditEntry[];
  lookupEngine(q: TrailQuery): Promise<TrailPage>;
}

const PAGE_SIZE = 50;

export function encodeCursor(c: TimelineCursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

export function decodeCursor(s: string | undefined): TimelineCursor {
  if (!s) return {};
  try {
    const v: unknown = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
    return v !== null && typeof v === "object" ? (v as TimelineCursor) : {};
  } catch {
    return {};
  }
}

function engineResult(e: TrailEvent): AuditResult {
  if (!e.errorCode) return "ok";
  return /^AccessDenied/.test(e.errorCode) ? "refused" : "error";
}

/** The engine-side filters LookupEvents cannot take (it takes one attribute). */
function engineMatches(e: TrailEvent, f: TimelineFilters): boolean {
  if (f.who && e.username !== f.who && e.principalArn !== f.who) return false;
  if (f.action && e.name !== f.action) return false;
  if (f.resource && !e.resources.some((r) => r.name === f.resource)) return false;
  if (f.result && engineResult(e) !== f.result) return false;
  return !e.readOnly;
}

/** One attribute for LookupEvents; ReadOnly=false keeps an AWS account's reads out. */
function attributeFor(f: TimelineFilters): TrailQuery["attribute"] {
  if (f.who) return { key: "Username", value: f.who };
  if (f.resource) return { key: "ResourceName", value: f.resource };
  if (f.action) return { key: "EventName", value: f.action };
  return { key: "ReadOnly", value: "false" };
}

/** The next page of the merged timeline, newest first. */
export async function readTimeline(
  sources: TimelineSources,
  filters: TimelineFilters,
  cursor: TimelineCursor,
  pageSize = PAGE_SIZE,
): Promise<TimelinePage> {
  const wantConsole = filters.source !== "engine" && cursor.console !== "done";
  const wantEngine = filters.source !== "console" && cursor.engine !== "done";
  const consoleAt = cursor.console === "done" ? undefined : cursor.console;
  const engineAt = cursor.engine === "done" ? undefined : cursor.engine;

  const consoleEntries = wantConsole
    ? sources.queryConsole({
        actor: filters.who,
        action: filters.action,
        resource: filters.resource,
        result: filters.result,
        since: filters.since,
        until: filters.until,
        limit: pageSize,
        beforeId: consoleAt?.before,
      })
    : [];

  let enginePage: TrailPage = { events: [] };
  let engineProblem: string | undefined;
  const skip = engineAt?.skip ?? 0;
  if (wantEngine) {
    try {
      enginePage = await sources.lookupEngine({
        attribute: attributeFor(filters),
        startTime: filters.since ? new Date(filters.since) : undefined,
        endTime: filters.until ? new Date(filters.until) : undefined,
        maxResults: PAGE_SIZE,
        nextToken: engineAt?.token,
      });
    } catch (err) {
      engineProblem = err instanceof Error ? err.message : String(err);
    }
  }
  // Raw positions are kept so the cursor can say how much of the engine's page was shown.
  const engineCandidates = enginePage.events
    .map((event, raw) => ({ event, raw }))
    .slice(skip)
    .filter(({ event }) => engineMatches(event, filters));

  const items: (TimelineItem & { raw?: number })[] = [
    ...consoleEntries.map((entry) => ({ source: "console" as const, time: entry.time, entry })),
    ...engineCandidates.map(({ event, raw }) => ({
      source: "engine" as const,
      time: event.time,
      event,
      raw,
    })),
  ];
  items.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  const shown = items.slice(0, pageSize);

  const lastConsole = shown.findLast((i) => i.source === "console");
  const consoleShownAll =
    shown.filter((i) => i.source === "console").length === consoleEntries.length;
  const nextConsole: TimelineCursor["console"] = !wantConsole
    ? "done"
    : consoleShownAll && consoleEntries.length < pageSize
      ? "done"
      : {
          before: lastConsole?.source === "console" ? lastConsole.entry.id : consoleAt?.before,
        };

  const lastEngineRaw = shown.findLast((i) => i.source === "engine")?.raw;
  const engineShownAll =
    shown.filter((i) => i.source === "engine").length === engineCandidates.length;
  const nextEngine: TimelineCursor["engine"] =
    !wantEngine || engineProblem
      ? "done"
      : engineShownAll
        ? enginePage.nextToken
          ? { token: enginePage.nextToken, skip: 0 }
          : "done"
        : { token: engineAt?.token, skip: lastEngineRaw === undefined ? skip : lastEngineRaw + 1 };

  const next =
    nextConsole === "done" && nextEngine === "done"
      ? undefined
      : { console: nextConsole, engine: nextEngine };
  return {
    items: shown.map((i): TimelineItem =>
      i.source === "console"
        ? { source: "console", time: i.time, entry: i.entry }
        : { source: "engine", time: i.time, event: i.event },
    ),
    ...(next ? { next } : {}),
    ...(engineProblem ? { engineProblem } : {}),
  };
}
