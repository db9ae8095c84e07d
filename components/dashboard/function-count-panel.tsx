import { listFunctions } from "@/lib/aws/functions";
import { settle } from "@/lib/aws/errors";
import type { Target } from "@/lib/targets/types";
import { ErrorState } from "../ui/error-state";
import { Panel } from "../ui/panel";

export async function FunctionCountPanel({ target }: { target: Target }) {
  const result = await settle(listFunctions(target));
  return (
    <Panel title="Functions">
      {result.ok ? (
        <p className="text-3xl font-semibold tabular-nums" data-testid="function-count">
          {result.data.length}
        </p>
      ) : (
        <ErrorState error={result.error} />
      )}
    </Panel>
  );
}
