import { hasPermission } from "@/lib/auth/permissions";
import { authenticate } from "@/lib/auth/session";
import { getFunctionExtras } from "@/lib/aws/function-list";
import { jsonOrFailure } from "@/lib/aws/http-result";
import { getCurrentTarget } from "@/lib/targets/current-target";

export const dynamic = "force-dynamic";

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** GET /functions/extras.json?name=a&name=b — reserved concurrency and tags of up to 100 functions. */
export async function GET(request: Request): Promise<Response> {
  const session = await authenticate();
  if (!session) return Response.json({ message: "You are not signed in." }, { status: 401 });
  if (!hasPermission(session.role, "functions.read")) {
    return Response.json(
      { message: 'Your role does not allow this (it needs the "functions.read" permission).' },
      { status: 403 },
    );
  }
  const names = new URL(request.url).searchParams.getAll("name");
  if (names.length === 0 || names.length > 100 || !names.every((n) => NAME.test(n))) {
    return Response.json({ message: "Give 1 to 100 function names." }, { status: 400 });
  }
  const { current } = await getCurrentTarget();
  return jsonOrFailure(() => getFunctionExtras(current, names));
}
