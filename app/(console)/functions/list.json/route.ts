import { defineRoute } from "@/lib/auth/define-route";
import { chainFunctionPages } from "@/lib/aws/function-list";
import { getCurrentTarget } from "@/lib/targets/current-target";

export const dynamic = "force-dynamic";

/**
 * GET /functions/list.json?marker=… — every ListFunctions page from `marker` on (from the start
 * without one), as NDJSON: one `{"functions":[…]}` line per page the moment it is in, and an
 * `{"functions":[],"error":"…"}` line if a page fails. One request for 5,000 functions, one
 * session check, no gap between pages (issue 18). A route handler, not an action: actions run one
 * at a time per page and would hold up every button meanwhile.
 * ("list.json" cannot be a function name: names have no dots.)
 */
export const GET = defineRoute({
  permission: "functions.read",
  run: async (request) => {
    const marker = new URL(request.url).searchParams.get("marker") ?? "";
    if (marker.length > 1024) return Response.json({ message: "Invalid marker." }, { status: 400 });
    const { current } = await getCurrentTarget();
    const stop = new AbortController();
    request.signal.addEventListener("abort", () => stop.abort());
    let page: ReturnType<typeof chainFunctionPages> | undefined = chainFunctionPages(
      current,
      marker,
      stop.signal,
    );
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!page) return controller.close();
        const { next, ...line } = await page;
        page = next;
        controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      },
      cancel() {
        stop.abort();
        page = undefined;
      },
    });
    return new Response(body, {
      headers: { "Content-Type": "application/x-ndjson", "Cache-Control": "no-store" },
    });
  },
});
