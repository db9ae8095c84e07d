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

/** Function count and code storage from GetAccountSettings: one call, however many functions. */
export async function FunctionCountPanel({ target }: { target: Target }) {
  const result = await settle(getAccountSettings(target));
  return (
    <Panel title="Functions">
      {result.ok ? (
        <>
          <p className="text-3xl font-semibold tabular-nums" data-testid="function-count">
            {result.data.functionCount}
          </p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="code-storage">
            {formatBytes(result.data.totalCodeSizeUsedBytes)} of code stored
          </p>
        </>
      ) : (
        <ErrorState error={result.error} />
      )}
    </Panel>
  );
}
