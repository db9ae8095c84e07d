import Link from "next/link";
import {
  createColumnHelper,
  createSortedRowModel,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
} from "@tanstack/react-table";
import { ThrottleBadge } from "@/components/concurrency/throttle-badge";
import { formatDate, runtimeLabel, type FunctionRow } from "./rows";

export const features = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});

const helper = createColumnHelper<typeof features, FunctionRow>();

/** Column ids match SORTABLE_COLUMNS: the sort param in the URL names them. */
export const columns = helper.columns([
  helper.display({
    id: "select",
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select all shown functions"
        checked={table.getIsAllRowsSelected()}
        onChange={table.getToggleAllRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select ${row.original.name}`}
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
    enableSorting: false,
  }),
  helper.accessor((r) => r.name, {
    id: "name",
    header: "Name",
    sortFn: "alphanumeric",
    cell: ({ row }) => (
      <>
        {/* No prefetch: each row scrolled into view would ask the server for its page while the
            list still streams from that server (issue 18: ~40 requests per screen). */}
        <Link
          href={`/functions/${encodeURIComponent(row.original.name)}`}
          prefetch={false}
          className="font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          {row.original.name}
        </Link>
        {row.original.throttles ? (
          <span className="ml-2">
            <ThrottleBadge functionName={row.original.name} count={row.original.throttles} />
          </span>
        ) : null}
        {row.original.description ? (
          <span className="block truncate text-xs font-normal text-zinc-500 dark:text-zinc-400">
            {row.original.description}
          </span>
        ) : null}
      </>
    ),
  }),
  helper.accessor((r) => runtimeLabel(r), {
    id: "runtime",
    header: "Runtime",
    sortFn: "alphanumeric",
  }),
  helper.accessor((r) => r.memoryMb, {
    id: "memory",
    header: "Memory",
    sortFn: "basic",
    cell: (c) => `${c.getValue()} MB`,
  }),
  helper.accessor((r) => r.timeoutSeconds, {
    id: "timeout",
    header: "Timeout",
    sortFn: "basic",
    cell: (c) => `${c.getValue()} s`,
  }),
  helper.accessor((r) => r.lastModified, {
    id: "lastModified",
    header: "Last modified",
    sortFn: "basic",
    cell: (c) => formatDate(c.getValue()),
  }),
  helper.accessor(
    (r) => (r.reservedConcurrency === undefined ? -2 : (r.reservedConcurrency ?? -1)),
    {
      id: "reserved",
      header: "Reserved",
      sortFn: "basic",
      cell: ({ row }) =>
        row.original.reservedConcurrency === undefined
          ? "…"
          : row.original.reservedConcurrency === null
            ? "—"
            : String(row.original.reservedConcurrency),
    },
  ),
  helper.accessor((r) => r.state ?? "", { id: "state", header: "State", sortFn: "alphanumeric" }),
]);
