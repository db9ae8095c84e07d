// Next 16's proxy (middleware): the optimistic redirect to sign-in (notes/auth.md §8) and the
// per-request CSP nonce (lib/security/headers.ts). Pages, actions and route handlers still check the
// session and the permission themselves.
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth, PUBLIC_PATHS } from "@/lib/auth/auth";
import { loadOidcSettings } from "@/lib/auth/settings";
import { newNonce, pageCsp, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

function idpOrigin(): string[] {
  try {
    return [new URL(loadOidcSettings().issuer).origin];
  } catch {
    return [];
  }
}

const withSession = auth((request) => {
  const { pathname } = request.nextUrl;
  if (!isPublic(pathname) && !request.auth?.user) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/login";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", request.nextUrl.href);
    return NextResponse.redirect(signIn);
  }
  const nonce = newNonce();
  const csp = pageCsp(nonce, {
    dev: process.env.NODE_ENV === "development",
    formTargets: idpOrigin(),
  });
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  for (const h of STATIC_SECURITY_HEADERS) response.headers.set(h.key, h.value);
  return response;
});

// With a lazily built config, auth(handler) resolves to the middleware (a Promise of it), and
// Next needs a function export: unwrap it per request.
type Middleware = (request: NextRequest, event: NextFetchEvent) => Promise<Response>;
export async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const middleware = (await Promise.resolve(withSession)) as unknown as Middleware;
  return middleware(request, event);
}

export const config = {
  // Everything but Next's static assets; public paths are let through above. The image
  // upload route and the file browser's files route check the session themselves (defineRoute) and
  // are left out so their (up to 10 GB / 1 GB) bodies are streamed, not buffered and cut at the
  // proxy's 10 MB body limit. /health (exactly) is public: probes
  // read it without a session, and it holds no secret (app/health/route.ts).
  // public/'s files (icons, manifest, the README screenshot) are served to anyone, like favicon.ico.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|icon\\.svg$|icon-\\d+\\.png$|apple-touch-icon\\.png$|manifest\\.webmanifest$|screenshot\\.png$|images/upload|file-systems/fs-[0-9a-f]+/files|health$).*)",
  ],
};
