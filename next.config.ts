import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and SDK packages stay out of the server bundle.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
