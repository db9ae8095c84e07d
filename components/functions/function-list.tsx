import { listFunctions } from "@/lib/aws/functions";
import { settle } from "@/lib/aws/errors";
import type { Target } from "@/lib/targets/types";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { FunctionTable } from "./function-table";

/** Server component: every function of the target, or the empty or error state. */
export async function FunctionList({ target }: { target: Target }) {
  const result = await settle(listFunctions(target));
  if (!result.ok) return <ErrorState error={result.error} />;
  if (result.data.length === 0) {
    return (
      <EmptyState title="No functions yet">
        {target.label} has no functions. Create one with the AWS CLI or any SDK for now; the
        console&apos;s create page arrives with issue #5.
      </EmptyState>
    );
  }
  return (
    <>
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
        {result.data.length} {result.data.length === 1 ? "function" : "functions"}
      </p>
      <FunctionTable functions={result.data} />
    </>
  );
}
