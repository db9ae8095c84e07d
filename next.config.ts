import type { NextConfig } from "next";
import { NON_PAGE_CSP, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Native and SDK packages stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // Code deploys and .zip uploads go through server actions; Lambda takes zips up to 50 MB.
  // The proxy (proxy.ts) buffers what it sees up to proxyClientMaxBodySize and cuts the rest
  // (default 10 MB): the same bound, so a 50 MB layer or code .zip reaches its action whole.
  experimental: { serverActions: { bodySizeLimit: "70mb" }, proxyClientMaxBodySize: "70mb" },
  // Pages get a nonce CSP from proxy.ts; these cover what the proxy does not see.
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      {
        source: "/(health|images/upload)",
        headers: [{ key: "Content-Security-Policy", value: NON_PAGE_CSP }],
      },
      {
        source: "/file-systems/:id/files",
        headers: [{ key: "Content-Security-Policy", value: NON_PAGE_CSP }],
      },
    ];
  },
};

export default nextConfig;
