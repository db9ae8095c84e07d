import { getAccountSettings } from "@/lib/aws/account";
import { settle } from "@/lib/aws/errors";
import type { Target } from "@/lib/targets/types";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

export async function AccountSettingsPanel({ target }: { target: Target }) {
  const result = await settle(getAccountSettings(target));
  if (!result.ok) {
    return (
      <Panel title="Account settings">
        <ErrorState error={result.error} />
      </Panel>
    );
  }
  const s = result.data;
  const rows: [string, string][] = [
    ["Concurrency limit", String(s.concurrencyLimit)],
    ["Unreserved concurrency", String(s.unreservedConcurrency)],
    [
      "Code storage used",
      `${formatBytes(s.totalCodeSizeUsedBytes)} of ${formatBytes(s.totalCodeSizeLimitBytes)}`,
    ],
    ["Zip package limit", formatBytes(s.codeSizeZippedLimitBytes)],
    ["Unzipped code limit", formatBytes(s.codeSizeUnzippedLimitBytes)],
  ];
  return (
    <Panel title="Account settings">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
            <dd className="tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
