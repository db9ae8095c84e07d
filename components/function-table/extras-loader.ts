import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionExtras } from "@/lib/aws/function-list";

export interface ExtrasLoad {
  /** Every row's name, in list order. */
  names: readonly string[];
  /** The names of the rows on screen now (asked before each request). */
  visible: () => readonly string[];
  load: (input: { names: string[] }) => Promise<ActionResult<FunctionExtras[]>>;
  apply: (extras: FunctionExtras[]) => void;
  cancelled: () => boolean;
  /** Names per request at most. */
  chunk: number;
}

/**
 * Loads the extras (reserved concurrency, tags, throttles) of every row, one request at a time,
 * the rows on screen first: someone who scrolls to the bottom of 5,000 functions sees those rows
 * filled by the next request, not after the 4,900 above them (issue 18). The rest follow in list
 * order. Stops when cancelled or at the first failed request.
 */
export async function loadExtras(opts: ExtrasLoad): Promise<void> {
  const pending = new Set(opts.names);
  let cursor = 0;
  while (pending.size > 0 && !opts.cancelled()) {
    let batch = opts
      .visible()
      .filter((n) => pending.has(n))
      .slice(0, opts.chunk);
    if (batch.length === 0) {
      batch = [];
      for (; cursor < opts.names.length && batch.length < opts.chunk; cursor++) {
        const name = opts.names[cursor];
        if (name !== undefined && pending.has(name)) batch.push(name);
      }
    }
    if (batch.length === 0) return;
    for (const n of batch) pending.delete(n);
    const res = await opts.load({ names: batch });
    if (opts.cancelled() || !res.ok) return;
    opts.apply(res.data);
  }
}
