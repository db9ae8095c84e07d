"use client";

import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { parseAsString, useQueryState } from "nuqs";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTable, type RowSelectionState, type SortingState } from "@tanstack/react-table";
import type { FunctionExtras, FunctionPageChain } from "@/lib/aws/function-list";
import type { FunctionSummary } from "@/lib/aws/types";
import { columns, features } from "./columns";
import { filterRows, formatSort, parseSort, type FunctionRow } from "./rows";
import { BulkActions, type BulkActionProps } from "./bulk-actions";
import { fetchAllPages, fetchFunctionExtras, pagesOfChain } from "./fetch-pages";
import { createExtrasLoader, type ExtrasLoader } from "./extras-loader";

const ROW_HEIGHT = 49;
const EXTRAS_CHUNK = 100;
/** Pages that arrive closer together than this render once: each render re-sorts every row. */
const RENDER_EVERY_MS = 100;

export interface FunctionBrowserProps extends BulkActionProps {
  /** The first ListFunctions page, server-rendered. */
  initial: FunctionSummary[];
  /** The other pages, streaming in with the page (absent when the first page is the only one). */
  rest?: Promise<FunctionPageChain>;
  /** Shown instead of the table when the target has no functions at all. */
  empty: ReactNode;
}

/**
 * The functions list: the first page arrives server-rendered, the rest stream in page by page;
 * then reserved concurrency and tags fill in. Search and sort live in the URL.
 */
export function FunctionBrowser({ initial, rest, empty, ...bulk }: FunctionBrowserProps) {
  const [rows, setRows] = useState<FunctionRow[]>(initial);
  const [loading, setLoading] = useState(Boolean(rest));
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useQueryState("q", parseAsString.withDefault(""));
  const [sortParam, setSortParam] = useQueryState("sort", parseAsString.withDefault("name"));
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [reloadKey, setReloadKey] = useState(0);
  // The rows on screen: their extras are asked for first (extras-loader.ts).
  const extras = useRef<ExtrasLoader | null>(null);
  const onScreen = useRef<string[]>([]);

  useEffect(() => {
    const abort = new AbortController();
    const loader = createExtrasLoader({
      load: fetchFunctionExtras,
      chunk: EXTRAS_CHUNK,
      apply: (list) => {
        if (!abort.signal.aborted) setRows((prev) => withExtras(prev, list));
      },
    });
    extras.current = loader;
    loader.show(onScreen.current);
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function run() {
      // A reload (after a bulk action) replaces the rows with what the first show() brings.
      let replace = reloadKey > 0;
      if (!replace) loader.add(initial.map((r) => r.name));
      let pending: FunctionRow[] = [];
      const show = () => {
        clearTimeout(timer);
        timer = undefined;
        const batch = pending;
        const fresh = replace;
        pending = [];
        replace = false;
        loader.add(batch.map((r) => r.name));
        // Functional: the extras of the rows on screen may have landed meanwhile.
        setRows((prev) => (fresh ? batch : prev.concat(batch)));
      };
      const pages = replace ? fetchAllPages(abort.signal) : pagesOfChain(rest);
      for await (const page of pages) {
        if (abort.signal.aborted) return;
        pending.push(...page.functions);
        if (page.error) {
          setLoadError(page.error);
          break;
        }
        timer ??= setTimeout(show, RENDER_EVERY_MS);
      }
      if (abort.signal.aborted) return;
      if (pending.length > 0 || replace) show();
      setLoading(false);
      loader.loadRest();
    }
    void run();
    return () => {
      abort.abort();
      clearTimeout(timer);
      loader.stop();
    };
  }, [initial, rest, reloadKey]);

  const filtered = useMemo(() => filterRows(rows, query), [rows, query]);
  const sorting = useMemo<SortingState>(() => [parseSort(sortParam)], [sortParam]);
  const table = useTable({
    features,
    columns,
    data: filtered,
    getRowId: (r) => r.name,
    state: { sorting, rowSelection },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      void setSortParam(first ? formatSort(first) : null);
    },
    onRowSelectionChange: setRowSelection,
    enableSortingRemoval: false,
  });
  const tableRows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer is read during this render only, so the compiler skipping this component is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Lets the server render the first rows before the browser has measured anything.
    initialRect: { width: 1200, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const onScreenNames = items.map((v) => tableRows[v.index]?.original.name ?? "").join("\n");
  useEffect(() => {
    onScreen.current = onScreenNames ? onScreenNames.split("\n") : [];
    extras.current?.show(onScreen.current);
  }, [onScreenNames]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const selected = rows.filter((r) => rowSelection[r.name]);
  const bulkActions = (
    <BulkActions
      {...bulk}
      selected={selected}
      onDone={(changed) => {
        setRowSelection({});
        if (!changed) return;
        setLoadError(null);
        setLoading(true);
        setReloadKey((k) => k + 1);
      }}
    />
  );

  // The browser stays mounted when the last function goes, with BulkActions at the same place in
  // the tree, so the outcome of a bulk delete stays on screen above the empty state.
  const isEmpty = rows.length === 0 && !loading && !loadError;

  return (
    <div className="space-y-3">
      {isEmpty ? null : (
        <div className="flex flex-wrap items-center gap-3">
          <input
            type="search"
            aria-label="Search functions"
            placeholder="Search by name, description, runtime or tag (key=value)"
            value={query}
            onChange={(e) => void setQuery(e.target.value || null)}
            className="w-96 max-w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="function-list-count">
            {query ? `${filtered.length} of ${rows.length}` : rows.length}{" "}
            {rows.length === 1 ? "function" : "functions"}
            {loading ? " (loading more…)" : ""}
          </p>
        </div>
      )}
      {loadError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not load every page: {loadError}
        </p>
      ) : null}
      {bulkActions}
      {isEmpty ? (
        empty
      ) : (
        <div
          ref={scrollRef}
          className="max-h-[70vh] overflow-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
        >
          <table className="w-full table-fixed text-left text-sm">
            <colgroup>
              <col className="w-10" />
              <col />
              <col className="w-40" />
              <col className="w-24" />
              <col className="w-24" />
              <col className="w-48" />
              <col className="w-24" />
              <col className="w-24" />
            </colgroup>
            <thead className="sticky top-0 z-10 border-b border-zinc-200 bg-white text-xs text-zinc-600 uppercase dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        className="px-3 py-2 font-medium"
                        aria-sort={
                          sorted === "asc"
                            ? "ascending"
                            : sorted === "desc"
                              ? "descending"
                              : undefined
                        }
                      >
                        {header.column.getCanSort() ? (
                          <button
                            type="button"
                            onClick={header.column.getToggleSortingHandler()}
                            className="uppercase hover:text-zinc-900 dark:hover:text-zinc-100"
                          >
                            <table.FlexRender header={header} />
                            {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                          </button>
                        ) : (
                          <table.FlexRender header={header} />
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {padTop > 0 ? <tr aria-hidden style={{ height: padTop }} /> : null}
              {items.map((item) => {
                const row = tableRows[item.index];
                if (!row) return null;
                return (
                  <tr
                    key={row.id}
                    style={{ height: ROW_HEIGHT }}
                    data-selected={row.getIsSelected()}
                  >
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id} className="truncate px-3 py-1.5 tabular-nums">
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                );
              })}
              {padBottom > 0 ? <tr aria-hidden style={{ height: padBottom }} /> : null}
            </tbody>
          </table>
          {filtered.length === 0 ? (
            <p className="p-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
              No function matches “{query}”.
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}

/** The rows with their extras filled in (a function gone meanwhile has none). */
function withExtras(rows: FunctionRow[], list: FunctionExtras[]): FunctionRow[] {
  const byName = new Map(list.map((e) => [e.name, e]));
  return rows.map((r) => {
    const e = byName.get(r.name);
    return e
      ? {
          ...r,
          ...(e.state ? { state: e.state } : {}),
          reservedConcurrency: e.reservedConcurrency,
          tags: e.tags,
          throttles: e.throttles,
        }
      : r;
  });
}
