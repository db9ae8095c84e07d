import { defineRoute } from "@/lib/auth/define-route";
import { listFunctionsPages } from "@/lib/aws/function-list";
import { jsonOrFailure } from "@/lib/aws/http-result";
import { getCurrentTarget } from "@/lib/targets/current-target";

export const dynamic = "force-dynamic";

/** ListFunctions pages (of 50) per request: 500 functions. */
const PAGES_PER_REQUEST = 10;

/**
 * GET /functions/list.json?marker=… — up to PAGES_PER_REQUEST ListFunctions pages, as one. A route handler, not an action:
 * actions run one at a time per page, and 100 pages would hold up every button meanwhile.
 * ("list.json" cannot be a function name: names have no dots.)
 */
export const GET = defineRoute({
  permission: "functions.read",
  run: async (request) => {
    const marker = new URL(request.url).searchParams.get("marker") ?? undefined;
    if (marker && marker.length > 1024)
      return Response.json({ message: "Invalid marker." }, { status: 400 });
    const { current } = await getCurrentTarget();
    return jsonOrFailure(() => listFunctionsPages(current, marker || undefined, PAGES_PER_REQUEST));
  },
});
