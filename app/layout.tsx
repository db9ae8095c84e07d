import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense, type ReactNode } from "react";
import { IsolationBanner } from "@/components/shell/isolation-banner";
import { CapabilityBanner } from "@/components/shell/capability-banner";
import { capabilityWarningsForTarget } from "@/lib/health/capabilities";
import { getCurrentTarget } from "@/lib/targets/current-target";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Lambda Console", template: "%s · Lambda Console" },
  description: "A web console for AWS Lambda with its own Lambda-compatible local engine",
  // public/ (issue 19): rendered from public/icon.svg by scripts/make-icons.sh.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "32x32" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/manifest.webmanifest",
};

/** Reads the local engine's /health per request (cached a few seconds, short timeout). */
async function EngineIsolationBanner() {
  // Never at build time: a banner baked into a prerendered page would outlive the problem.
  await connection();
  const { current } = await getCurrentTarget();
  // Isolation first (red), then every other degraded capability with its fix (issue 19).
  const { isolation, degraded } = await capabilityWarningsForTarget(current);
  return (
    <>
      {isolation ? <IsolationBanner warning={isolation} /> : null}
      {degraded.map((w) => (
        <CapabilityBanner key={w.component} warning={w} />
      ))}
    </>
  );
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {/* Streamed: the page never waits on the engine's answer. */}
        <Suspense fallback={null}>
          <EngineIsolationBanner />
        </Suspense>
        {children}
      </body>
    </html>
  );
}
