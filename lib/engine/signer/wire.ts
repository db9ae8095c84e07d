import type { EngineRequest } from "../http/types";

/** maxResults/nextToken paging over an in-memory list (the token is the next index). */
export function page<T>(req: EngineRequest, items: T[], field: string): Record<string, unknown> {
  const max = Math.min(Number(req.query.get("maxResults") ?? 25) || 25, 25);
  const start = Number(req.query.get("nextToken") ?? 0) || 0;
  const next = start + max < items.length ? String(start + max) : undefined;
  return { [field]: items.slice(start, start + max), ...(next ? { nextToken: next } : {}) };
}

/** The IAM action of a Signer request, from its method and path. */
export function operationName(method: string, path: string): string {
  if (path.startsWith("/signing-platforms"))
    return path === "/signing-platforms" ? "ListSigningPlatforms" : "GetSigningPlatform";
  if (path.startsWith("/signing-jobs")) {
    if (path.endsWith("/revoke")) return "RevokeSignature";
    if (path === "/signing-jobs") return method === "POST" ? "StartSigningJob" : "ListSigningJobs";
    return "DescribeSigningJob";
  }
  if (path.endsWith("/revoke")) return "RevokeSigningProfile";
  if (path === "/signing-profiles") return "ListSigningProfiles";
  return method === "PUT"
    ? "PutSigningProfile"
    : method === "DELETE"
      ? "CancelSigningProfile"
      : "GetSigningProfile";
}
