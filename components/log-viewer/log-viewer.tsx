"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { parseAsString, useQueryState } from "nuqs";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { ActionResult } from "@/lib/actions/define-action";
import type { LogLine, LogPage, LogStreamInfo } from "@/lib/aws/logs";
import { mergeEvents, parseRange, prettyJson, TIME_RANGES } from "./format";
import { LOG_SOURCES } from "@/lib/aws/extension-lines";
import { useSourceFilter } from "./source-filter";

type LoadLogs = (input: {
  groups: string[];
  pattern: string;
  startTime: number;
  endTime?: number;
  streams?: string[];
  limit: number;
  nextTokens?: Record<string, string>;
}) => Promise<ActionResult<LogPage>>;

export interface LogViewerProps {
  groups: string[];
  streams?: LogStreamInfo[];
  load: LoadLogs;
  /** Show which group each line came from (the cross-group logs page). */
  showGroup?: boolean;
  /** Offer the Source filter (function, platform, extensions, telemetry): a function's logs. */
  sourceFilter?: boolean;
}

const PAGE = 10_000;
const MAX_LINES = 50_000;
const POLL_MS = 1000;
const field =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";
const btn =
  "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

function time(ts: number): string {
  return new Date(ts).toISOString().replace("T", " ").slice(0, 23);
}

function LogRow({ line, showGroup }: { line: LogLine; showGroup: boolean }) {
  const pretty = prettyJson(line.message);
  return (
    <div
      className="flex gap-3 border-b border-zinc-100 px-3 py-0.5 font-mono text-xs dark:border-zinc-800"
      data-testid="log-line"
    >
      <span className="shrink-0 text-zinc-500">{time(line.timestamp)}</span>
      {showGroup ? (
        <span className="w-48 shrink-0 truncate text-zinc-500" title={line.group}>
          {line.group}
        </span>
      ) : null}
      <span className="min-w-0 flex-1 break-all whitespace-pre-wrap">
        {pretty ? (
          <>
            {pretty.prefix}
            <span className="block text-emerald-800 dark:text-emerald-300">{pretty.json}</span>
          </>
        ) : (
          line.message.trimEnd()
        )}
      </span>
    </div>
  );
}

/** Log events of one or more groups: filter pattern, range and stream in the URL, live tail, virtualised. */
export function LogViewer({
  groups,
  streams,
  load,
  showGroup = false,
  sourceFilter = false,
}: LogViewerProps) {
  const [pattern, setPattern] = useQueryState("filter", parseAsString.withDefault(""));
  const [rangeParam, setRange] = useQueryState("since", parseAsString.withDefault("1h"));
  const [stream, setStream] = useQueryState("stream", parseAsString.withDefault(""));
  const [source, setSource] = useQueryState("source", parseAsString.withDefault(""));
  const range = parseRange(rangeParam);
  const [draft, setDraft] = useState(pattern);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [next, setNext] = useState<Record<string, string> | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [live, setLive] = useState(false);
  const [follow, setFollow] = useState(true);
  const groupsKey = groups.join("\n");

  const query = useCallback(
    (extra: { startTime: number; nextTokens?: Record<string, string> }) =>
      load({
        groups: groupsKey.split("\n"),
        pattern,
        limit: PAGE,
        ...(stream ? { streams: [stream] } : {}),
        ...extra,
      }),
    [load, groupsKey, pattern, stream],
  );

  // A new query (pattern, range, stream) starts over.
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(null);
    void query({ startTime: Date.now() - TIME_RANGES[range] }).then((r) => {
      if (cancelled) return;
      setLoading(false);
      if (!r.ok) return setError(r.message);
      setLines(r.data.events);
      setNext(r.data.nextTokens);
      setMissing(r.data.missingGroups);
    });
    return () => {
      cancelled = true;
    };
  }, [query, range]);

  // Live tail: poll from just before the newest line; ids drop what was already shown.
  const newest = lines[lines.length - 1]?.timestamp;
  useEffect(() => {
    if (!live) return;
    let stopped = false;
    const since = newest ?? Date.now() - 60_000;
    const timer = setInterval(() => {
      void query({ startTime: Math.max(0, since - 1) }).then((r) => {
        if (stopped) return;
        if (!r.ok) return setError(r.message);
        setLines((cur) => mergeEvents(cur, r.data.events).slice(-MAX_LINES));
      });
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [live, query, newest]);

  const loadMore = () => {
    if (!next) return;
    setLoading(true);
    void query({ startTime: Date.now() - TIME_RANGES[range], nextTokens: next }).then((r) => {
      setLoading(false);
      if (!r.ok) return setError(r.message);
      setLines((cur) => mergeEvents(cur, r.data.events).slice(0, MAX_LINES));
      setNext(r.data.nextTokens);
    });
  };

  const shown = useSourceFilter(lines, sourceFilter ? source : "");
  const scrollRef = useRef<HTMLDivElement>(null);
  // Read in this render only; the compiler skipping this component is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 20,
    overscan: 20,
    getItemKey: (i) => shown[i]?.id ?? i,
  });
  useEffect(() => {
    if (live && follow && shown.length > 0)
      virtualizer.scrollToIndex(shown.length - 1, { align: "end" });
  }, [live, follow, shown.length, virtualizer]);

  return (
    <div className="space-y-2">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void setPattern(draft || null);
        }}
      >
        <label className="flex flex-1 flex-col text-sm">
          Filter pattern
          <input
            aria-label="Filter pattern"
            className={`${field} font-mono`}
            placeholder='e.g. ERROR, "exact phrase", { $.level = "error" }'
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <button type="submit" className={btn}>
          Search
        </button>
        <label className="flex flex-col text-sm">
          Since
          <select
            aria-label="Time range"
            className={field}
            value={range}
            onChange={(e) => void setRange(e.target.value)}
          >
            {Object.keys(TIME_RANGES).map((r) => (
              <option key={r} value={r}>
                last {r}
              </option>
            ))}
          </select>
        </label>
        {streams ? (
          <label className="flex flex-col text-sm">
            Stream
            <select
              aria-label="Log stream"
              className={`${field} max-w-72`}
              value={stream}
              onChange={(e) => void setStream(e.target.value || null)}
            >
              <option value="">All streams ({streams.length})</option>
              {streams.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {sourceFilter ? (
          <label className="flex flex-col text-sm">
            Source
            <select
              aria-label="Log source"
              className={field}
              value={source}
              onChange={(e) => void setSource(e.target.value || null)}
            >
              <option value="">All sources</option>
              {LOG_SOURCES.map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
          Live tail
        </label>
        {live ? (
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
            Follow
          </label>
        ) : null}
      </form>
      <p
        className="text-sm text-zinc-600 dark:text-zinc-400"
        data-testid="log-count"
        aria-live="polite"
      >
        {loading ? "Loading…" : `${shown.length.toLocaleString("en-US")} events`}
        {live ? " · live" : ""}
        {next ? " · more available" : ""}
      </p>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {missing.length > 0 && missing.length === groups.length ? (
        <p className="text-sm text-zinc-500">
          No log group yet ({missing.join(", ")}): it appears with the first invocation.
        </p>
      ) : null}
      <div
        ref={scrollRef}
        className="h-[60vh] overflow-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
        data-testid="log-scroll"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = shown[item.index];
            if (!line) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{
                  position: "absolute",
                  top: 0,
                  left: 0,
                  width: "100%",
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <LogRow line={line} showGroup={showGroup} />
              </div>
            );
          })}
        </div>
        {!loading && shown.length === 0 && !error ? (
          <p className="p-6 text-center text-sm text-zinc-500">
            No events in this range{pattern ? " match the pattern" : ""}.
          </p>
        ) : null}
      </div>
      {next && lines.length < MAX_LINES ? (
        <button type="button" className={btn} onClick={loadMore} disabled={loading}>
          Load more
        </button>
      ) : null}
    </div>
  );
}
