import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionExtras, FunctionPage } from "@/lib/aws/function-list";

async function getJson<T>(url: string): Promise<ActionResult<T>> {
  try {
    const res = await fetch(url, { cache: "no-store" });
    const body: unknown = await res.json();
    if (res.ok) return { ok: true, data: body as T };
    const message =
      typeof body === "object" &&
      body !== null &&
      "message" in body &&
      typeof body.message === "string"
        ? body.message
        : `HTTP ${res.status}`;
    return { ok: false, message };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : "The request failed." };
  }
}

/** One ListFunctions page through the console's route handler (parallel-safe, unlike actions). */
export function fetchFunctionsPage(input: {
  marker?: string;
}): Promise<ActionResult<FunctionPage>> {
  const q = input.marker ? `?marker=${encodeURIComponent(input.marker)}` : "";
  return getJson<FunctionPage>(`/functions/list.json${q}`);
}

export function fetchFunctionExtras(input: {
  names: string[];
}): Promise<ActionResult<FunctionExtras[]>> {
  const q = input.names.map((n) => `name=${encodeURIComponent(n)}`).join("&");
  return getJson<FunctionExtras[]>(`/functions/extras.json?${q}`);
}
