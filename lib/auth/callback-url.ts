/**
 * Only a path on this site, so a crafted ?callbackUrl= cannot send people elsewhere after sign-in.
 * The proxy sends an absolute URL (its own origin); only its path is kept.
 */
export function toSafeCallback(value: unknown): string {
  if (typeof value !== "string" || value === "") return "/";
  try {
    const url = new URL(value, "http://same-site.invalid");
    const path = url.pathname + url.search + url.hash;
    return path.startsWith("/") && !path.startsWith("//") ? path : "/";
  } catch {
    return "/";
  }
}
