import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionExtras, FunctionPageChain } from "@/lib/aws/function-list";

/** One ListFunctions page as the list reads it, from either source below. */
export type PageLine = Omit<FunctionPageChain, "next">;

/** A route's error body's message, or its status. */
const messageOf = (body: unknown, status: number): string =>
  typeof body === "object" && body !== null && "message" in body && typeof body.message === "string"
    ? body.message
    : `HTTP ${status}`;

/** Why a request or a stream failed, as the list shows it. */
const reasonOf = (err: unknown): string =>
  typeof err === "string" ? err : err instanceof Error ? err.message : "The request failed.";

async function getJson<T>(url: string): Promise<ActionResult<T>> {
  try {
    const res = await fetch(url, { cache: "no-store" });
    const body: unknown = await res.json();
    if (res.ok) return { ok: true, data: body as T };
    return { ok: false, message: messageOf(body, res.status) };
  } catch (err) {
    return { ok: false, message: reasonOf(err) };
  }
}

/** The pages the server component is already fetching, in this response (function-list.tsx). */
export async function* pagesOfChain(
  chain: Promise<FunctionPageChain> | undefined,
): AsyncGenerator<PageLine> {
  for (let link = chain; link;) {
    let page: FunctionPageChain;
    try {
      page = await link;
    } catch (err) {
      // The chain itself never rejects; React does when the response is cut ("Connection closed").
      return yield failed(err);
    }
    const { next, ...line } = page;
    yield line;
    link = next;
  }
}

/** Every page again, through the NDJSON route (after a bulk action changed the list). */
export async function* fetchAllPages(signal: AbortSignal): AsyncGenerator<PageLine> {
  let res: Response;
  try {
    res = await fetch("/functions/list.json", { cache: "no-store", signal });
  } catch (err) {
    return yield failed(err);
  }
  if (!res.ok || !res.body) {
    const body: unknown = await res.json().catch(() => ({}));
    return yield failed(messageOf(body, res.status));
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += value;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line) yield JSON.parse(line) as PageLine;
    }
  } catch (err) {
    yield failed(err);
  }
}

const failed = (err: unknown): PageLine => ({ functions: [], error: reasonOf(err) });

export function fetchFunctionExtras(input: {
  names: string[];
}): Promise<ActionResult<FunctionExtras[]>> {
  const q = input.names.map((n) => `name=${encodeURIComponent(n)}`).join("&");
  return getJson<FunctionExtras[]>(`/functions/extras.json?${q}`);
}
