import { defineRoute } from "@/lib/auth/define-route";
import { getFunctionExtras } from "@/lib/aws/function-list";
import { jsonOrFailure } from "@/lib/aws/http-result";
import { getCurrentTarget } from "@/lib/targets/current-target";

export const dynamic = "force-dynamic";

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** GET /functions/extras.json?name=a&name=b — reserved concurrency and tags of up to 100 functions. */
export const GET = defineRoute({
  permission: "functions.read",
  run: async (request) => {
    const names = new URL(request.url).searchParams.getAll("name");
    if (names.length === 0 || names.length > 100 || !names.every((n) => NAME.test(n))) {
      return Response.json({ message: "Give 1 to 100 function names." }, { status: 400 });
    }
    const { current } = await getCurrentTarget();
    return jsonOrFailure(() => getFunctionExtras(current, names));
  },
});
