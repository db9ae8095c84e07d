/**
 * The console's security headers (issue 13). Pages get a per-request nonce CSP from the proxy;
 * everything else (route handlers the proxy skips) gets the static headers from next.config.ts.
 */

/** Sent on every response. */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Function names and filters are in URLs: they stay on the console's origin.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** For responses that are not pages (JSON, uploads, health): nothing may run or frame them. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * A strict page CSP: scripts only with this response's nonce (and what they load, via
 * 'strict-dynamic'); 'unsafe-eval' only in development, where React needs it for its overlays.
 * Styles stay 'unsafe-inline': CodeMirror and charts set style attributes; no script runs from them.
 */
export function pageCsp(
  nonce: string,
  opts: { dev: boolean; formTargets?: readonly string[] },
): string {
  const forms = ["'self'", ...(opts.formTargets ?? [])].join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    // Sign-in and sign-out forms end at the IdP (a redirect after a form post counts here).
    `form-action ${forms}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: a fresh nonce per response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
