import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and SDK packages stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // Code deploys and .zip uploads go through server actions; Lambda takes zips up to 50 MB.
  experimental: { serverActions: { bodySizeLimit: "70mb" } },
};

export default nextConfig;
