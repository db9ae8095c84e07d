import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionExtras } from "@/lib/aws/function-list";

export interface ExtrasLoaderOptions {
  load: (input: { names: string[] }) => Promise<ActionResult<FunctionExtras[]>>;
  apply: (extras: FunctionExtras[]) => void;
  /** Names per request at most. */
  chunk: number;
  /** Wait before asking again for a batch that failed (default 1 s). */
  retryMs?: number;
}

/** Failed requests in a row after which the loader gives up (the rows keep their "…"). */
const MAX_FAILURES = 3;

export interface ExtrasLoader {
  /** Rows that arrived (list order). */
  add: (names: readonly string[]) => void;
  /** The rows on screen now: asked for at once, whatever else is in flight. */
  show: (names: readonly string[]) => void;
  /** Every page is in: load the rest in list order. */
  loadRest: () => void;
  stop: () => void;
}

/**
 * Loads the extras (reserved concurrency, tags, throttles) of every row, each once, in two lanes
 * of one request each (issue 18): the rows on screen, from the first rows on and while pages
 * still stream in, so someone who scrolls to the bottom of 5,000 functions sees those rows filled
 * by the next request, not after the chunk in flight; then, once every page is in, the rest in
 * list order. A failed batch is asked again after a pause (a loaded engine may time out); after
 * MAX_FAILURES failures in a row the loader stops.
 */
type Lane = "screen" | "rest";

export function createExtrasLoader(opts: ExtrasLoaderOptions): ExtrasLoader {
  const order: string[] = [];
  const asked = new Set<string>();
  let onScreen: readonly string[] = [];
  let cursor = 0;
  let rest = false;
  let stopped = false;
  let failures = 0;
  const busy = { screen: false, rest: false };

  /** false: the lane ends here (stopped, or a failure that it retries later itself). */
  const request = async (lane: Lane, batch: string[]): Promise<boolean> => {
    for (const n of batch) asked.add(n);
    const res = await opts.load({ names: batch });
    if (stopped) return false;
    if (!res.ok) {
      for (const n of batch) asked.delete(n);
      if (lane === "rest") cursor = Math.min(cursor, order.indexOf(batch[0] ?? ""));
      if (++failures >= MAX_FAILURES) stopped = true;
      else setTimeout(() => void run(lane), opts.retryMs ?? 1000);
      return false;
    }
    failures = 0;
    opts.apply(res.data);
    return true;
  };
  const nextOnScreen = () => onScreen.filter((n) => !asked.has(n)).slice(0, opts.chunk);
  const nextInOrder = () => {
    const batch: string[] = [];
    for (; cursor < order.length && batch.length < opts.chunk; cursor++) {
      const name = order[cursor];
      if (name !== undefined && !asked.has(name)) batch.push(name);
    }
    return batch;
  };
  const run = async (lane: Lane) => {
    if (busy[lane]) return;
    busy[lane] = true;
    try {
      while (!stopped && (lane === "screen" || rest)) {
        const batch = lane === "screen" ? nextOnScreen() : nextInOrder();
        if (batch.length === 0 || !(await request(lane, batch))) break;
      }
    } finally {
      busy[lane] = false;
    }
  };

  return {
    add: (names) => {
      order.push(...names);
      if (rest) void run("rest");
    },
    show: (names) => {
      onScreen = names;
      void run("screen");
    },
    loadRest: () => {
      rest = true;
      void run("rest");
    },
    stop: () => {
      stopped = true;
    },
  };
}
