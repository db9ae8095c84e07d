import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionExtras } from "@/lib/aws/function-list";

export interface ExtrasLoaderOptions {
  load: (input: { names: string[] }) => Promise<ActionResult<FunctionExtras[]>>;
  apply: (extras: FunctionExtras[]) => void;
  /** Names per request at most. */
  chunk: number;
}

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
 * list order. Stops at the first failed request.
 */
export function createExtrasLoader(opts: ExtrasLoaderOptions): ExtrasLoader {
  const order: string[] = [];
  const asked = new Set<string>();
  let onScreen: readonly string[] = [];
  let cursor = 0;
  let rest = false;
  let stopped = false;
  const busy = { screen: false, rest: false };

  const request = async (batch: string[]): Promise<boolean> => {
    for (const n of batch) asked.add(n);
    const res = await opts.load({ names: batch });
    if (stopped) return false;
    if (!res.ok) {
      stopped = true;
      return false;
    }
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
  const run = async (lane: "screen" | "rest", next: () => string[]) => {
    if (busy[lane]) return;
    busy[lane] = true;
    try {
      while (!stopped && (lane === "screen" || rest)) {
        const batch = next();
        if (batch.length === 0 || !(await request(batch))) break;
      }
    } finally {
      busy[lane] = false;
    }
  };

  return {
    add: (names) => {
      order.push(...names);
      if (rest) void run("rest", nextInOrder);
    },
    show: (names) => {
      onScreen = names;
      void run("screen", nextOnScreen);
    },
    loadRest: () => {
      rest = true;
      void run("rest", nextInOrder);
    },
    stop: () => {
      stopped = true;
    },
  };
}
