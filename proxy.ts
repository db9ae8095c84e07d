// Next 16's proxy (middleware): the optimistic redirect to sign-in (notes/auth.md §8). Pages,
// actions and route handlers still check the session and the permission themselves.
export { auth as proxy } from "@/lib/auth/auth";

export const config = {
  // Everything but Next's static assets; public paths are let through in authorized(). The image
  // upload route checks the session itself and is left out so its (up to 10 GB) body is streamed,
  // not buffered and cut at the proxy's 10 MB body limit. /health (exactly) is public: probes
  // read it without a session, and it holds no secret (app/health/route.ts).
  // public/'s files (icons, manifest, the README screenshot) are served to anyone, like favicon.ico.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|icon\\.svg$|icon-\\d+\\.png$|apple-touch-icon\\.png$|manifest\\.webmanifest$|screenshot\\.png$|images/upload|health$).*)",
  ],
};
