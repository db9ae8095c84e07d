import type { FunctionSummary } from "@/lib/aws/types";

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso || "—";
  // A fixed, unambiguous format so server and browser render the same text.
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function FunctionTable({ functions }: { functions: FunctionSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs text-zinc-600 uppercase dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Runtime
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Memory
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Timeout
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Last modified
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {functions.map((fn) => (
            <tr key={fn.arn || fn.name}>
              <td className="px-4 py-2 font-medium">
                {fn.name}
                {fn.description ? (
                  <span className="block text-xs font-normal text-zinc-500 dark:text-zinc-400">
                    {fn.description}
                  </span>
                ) : null}
              </td>
              <td className="px-4 py-2">
                {fn.packageType === "Image" ? "Container image" : (fn.runtime ?? "—")}
              </td>
              <td className="px-4 py-2 tabular-nums">{fn.memoryMb} MB</td>
              <td className="px-4 py-2 tabular-nums">{fn.timeoutSeconds} s</td>
              <td className="px-4 py-2 tabular-nums">{formatDate(fn.lastModified)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
