import "server-only";
import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  PublishVersionCommand,
  TagResourceCommand,
} from "@aws-sdk/client-lambda";
import type { Target } from "../targets/types";
import { getLambdaClient } from "./clients";
import { mapAwsError, type AwsErrorInfo, AwsFailure } from "./errors";
import { getRecentThrottles } from "./concurrency";
import { toFunctionSummary } from "./functions";
import type { FunctionSummary } from "./types";

/** One ListFunctions page: the list streams these into the browser one after another. */
export interface FunctionPage {
  functions: FunctionSummary[];
  /** Absent on the last page. */
  nextMarker?: string;
}

/** What ListFunctions does not say: state, reserved concurrency and tags (from GetFunction). */
export interface FunctionExtras {
  name: string;
  /** ListFunctions leaves State out (AWS and the engine alike). */
  state?: string;
  reservedConcurrency: number | null;
  tags: Record<string, string>;
  /** Throttles in the last hour (0 when none or when the metrics could not be read). */
  throttles: number;
}

const LIST_PAGE_SIZE = 50;

/** One page of ListFunctions. Throws AwsFailure. */
export async function listFunctionsPage(target: Target, marker?: string): Promise<FunctionPage> {
  const out = await getLambdaClient(target).send(
    new ListFunctionsCommand({ MaxItems: LIST_PAGE_SIZE, ...(marker ? { Marker: marker } : {}) }),
  );
  return {
    functions: (out.Functions ?? []).map(toFunctionSummary),
    ...(out.NextMarker ? { nextMarker: out.NextMarker } : {}),
  };
}

/**
 * The ListFunctions pages after `marker`, each as soon as the engine (or AWS) returns it: the next
 * page is asked for the moment the previous one is in, whoever reads them (issue 18). A failure
 * ends the chain with its message instead of rejecting, so a reader never sees a stray rejection.
 */
export interface FunctionPageChain {
  functions: FunctionSummary[];
  /** Absent after the last page and after a failure. */
  next?: Promise<FunctionPageChain>;
  error?: string;
}

/** `signal`: stop asking for pages once nobody reads them (the chain then ends as if complete). */
export function chainFunctionPages(
  target: Target,
  marker: string,
  signal?: AbortSignal,
): Promise<FunctionPageChain> {
  return listFunctionsPage(target, marker).then(
    (page): FunctionPageChain => ({
      functions: page.functions,
      ...(page.nextMarker && !signal?.aborted
        ? { next: chainFunctionPages(target, page.nextMarker, signal) }
        : {}),
    }),
    (err: unknown): FunctionPageChain => ({
      functions: [],
      error: err instanceof AwsFailure ? err.message : mapAwsError(err, target).message,
    }),
  );
}

/** Runs `fn` over items with at most `limit` in flight, keeping order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i];
      if (item !== undefined) out[i] = await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Reserved concurrency and tags for some functions; a function gone meanwhile is left out. */
export async function getFunctionExtras(
  target: Target,
  names: readonly string[],
): Promise<FunctionExtras[]> {
  const client = getLambdaClient(target);
  // One GetMetricData call for the whole chunk; a metrics failure must not hide the list's extras.
  const throttling = getRecentThrottles(target, [...names]).catch(
    (): Record<string, number> => ({}),
  );
  const results = await mapLimit(names, 8, async (name) => {
    try {
      const out = await client.send(new GetFunctionCommand({ FunctionName: name }));
      const state: string | undefined = out.Configuration?.State;
      return {
        name,
        ...(state ? { state } : {}),
        reservedConcurrency: out.Concurrency?.ReservedConcurrentExecutions ?? null,
        tags: out.Tags ?? {},
        throttles: 0,
      };
    } catch (err) {
      if (err instanceof AwsFailure && err.kind === "NotFound") return undefined;
      throw err;
    }
  });
  const throttles = await throttling;
  return results
    .filter((r): r is FunctionExtras => r !== undefined)
    .map((r) => ({ ...r, throttles: throttles[r.name] ?? 0 }));
}

/** The outcome of one item of a bulk action: the list shows each refusal by name. */
export type BulkOutcome =
  { name: string; ok: true; detail?: string } | { name: string; ok: false; error: AwsErrorInfo };

async function bulk(
  target: Target,
  names: readonly string[],
  fn: (name: string) => Promise<string | undefined>,
): Promise<BulkOutcome[]> {
  return mapLimit(names, 4, async (name): Promise<BulkOutcome> => {
    try {
      const detail = await fn(name);
      return detail === undefined ? { name, ok: true } : { name, ok: true, detail };
    } catch (err) {
      const failure = err instanceof AwsFailure ? err : mapAwsError(err, target);
      return { name, ok: false, error: failure.toInfo() };
    }
  });
}

export function deleteFunctions(target: Target, names: readonly string[]): Promise<BulkOutcome[]> {
  const client = getLambdaClient(target);
  return bulk(target, names, async (name) => {
    await client.send(new DeleteFunctionCommand({ FunctionName: name }));
    return undefined;
  });
}

export function publishVersions(
  target: Target,
  names: readonly string[],
  description: string,
): Promise<BulkOutcome[]> {
  const client = getLambdaClient(target);
  return bulk(target, names, async (name) => {
    const out = await client.send(
      new PublishVersionCommand({ FunctionName: name, Description: description }),
    );
    return `version ${out.Version ?? "?"}`;
  });
}

export function tagFunctions(
  target: Target,
  arns: readonly { name: string; arn: string }[],
  tags: Record<string, string>,
): Promise<BulkOutcome[]> {
  const client = getLambdaClient(target);
  const byName = new Map(arns.map((a) => [a.name, a.arn]));
  return bulk(target, [...byName.keys()], async (name) => {
    await client.send(new TagResourceCommand({ Resource: byName.get(name) ?? name, Tags: tags }));
    return undefined;
  });
}
