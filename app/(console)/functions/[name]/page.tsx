import { Suspense } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { getFunctionInfo } from "@/lib/aws/function-detail";
import { settle } from "@/lib/aws/errors";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { FUNCTION_TABS, parseTab } from "@/components/function-page/tabs";
import { FunctionTabPanel } from "@/components/function-page/tab-panel";
import { RecentThrottleBadge } from "@/components/concurrency/recent-throttle-badge";
import { FunctionSignatureBadge } from "@/components/code-signing/function-signature-badge";
import { TriggersPanel } from "@/components/function-url/triggers-panel";

type Search = {
  tab?: string;
  qualifier?: string;
  range?: string;
  compare?: string;
  created?: string;
};

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: decodeURIComponent((await params).name) };
}

/** The function page: a header and URL-addressable tabs (?tab=code|test|monitor|logs|configuration|versions). */
export default async function FunctionPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Search>;
}) {
  const session = await requirePermission("functions.read");
  const name = decodeURIComponent((await params).name);
  const search = await searchParams;
  const tab = parseTab(search.tab);
  const { current } = await getCurrentTarget();
  const info = await settle(getFunctionInfo(current, name));
  if (!info.ok) {
    if (info.error.kind === "NotFound") notFound();
    return (
      <>
        <PageHeading title={name} />
        <ErrorState error={info.error} />
      </>
    );
  }
  const c = info.data.config;
  const base = `/functions/${encodeURIComponent(name)}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/functions" className="hover:underline">
          Functions
        </Link>{" "}
        / {name}
      </nav>
      <PageHeading
        title={name}
        description={
          <span className="flex flex-wrap gap-x-4">
            <span>{c.packageType === "Image" ? "Container image" : c.runtime}</span>
            <span>{c.architecture}</span>
            <span>{c.memoryMb} MB</span>
            <span data-testid="function-state">{c.state ?? "—"}</span>
            <span className="font-mono text-xs">{c.arn}</span>
            <Suspense fallback={null}>
              <RecentThrottleBadge target={current} functionName={name} />
            </Suspense>
            {c.packageType === "Zip" ? (
              <Suspense fallback={null}>
                <FunctionSignatureBadge target={current} functionName={name} />
              </Suspense>
            ) : null}
          </span>
        }
      />
      {search.created ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950/40 dark:text-green-200"
        >
          Created {name}. Edit its code below, or test it on the Test tab.
        </p>
      ) : null}
      {c.state === "Failed" ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200"
        >
          The function is Failed: {c.stateReason ?? "no reason given"}
        </p>
      ) : null}
      <p className="-mt-4 mb-4 flex gap-4 text-sm">
        <Link
          href={`${base}/concurrency`}
          className="text-blue-700 hover:underline dark:text-blue-400"
        >
          Concurrency
        </Link>
        {c.packageType === "Zip" ? (
          <Link
            href={`${base}/code-signing`}
            className="text-blue-700 hover:underline dark:text-blue-400"
          >
            Code signing
          </Link>
        ) : null}
        {/* Issue 21: function URL and resource-based policy pages. */}
        <Link href={`${base}/url`} className="text-blue-700 hover:underline dark:text-blue-400">
          Function URL
        </Link>
        <Link
          href={`${base}/permissions`}
          className="text-blue-700 hover:underline dark:text-blue-400"
        >
          Permissions
        </Link>
        <Link
          href={`${base}/monitoring`}
          className="text-blue-700 hover:underline dark:text-blue-400"
        >
          Monitoring and operations tools
        </Link>
        {c.packageType === "Image" ? (
          <Link href={`${base}/image`} className="text-blue-700 hover:underline dark:text-blue-400">
            Container image
          </Link>
        ) : null}
      </p>
      <Suspense fallback={null}>
        <TriggersPanel target={current} functionName={name} />
      </Suspense>
      <nav
        aria-label="Function tabs"
        className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800"
      >
        {FUNCTION_TABS.map(([id, label]) => (
          <Link
            key={id}
            href={`${base}?tab=${id}`}
            aria-current={tab === id ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === id ? "border-blue-600 font-medium text-blue-700 dark:text-blue-400" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400"}`}
          >
            {label}
          </Link>
        ))}
      </nav>
      <Suspense key={`${tab}-${current.id}`} fallback={<PanelSkeleton />}>
        <FunctionTabPanel
          tab={tab}
          target={current}
          info={info.data}
          search={search}
          canWrite={hasPermission(session.role, "functions.write")}
          canInvoke={hasPermission(session.role, "functions.invoke")}
          canReadLogs={hasPermission(session.role, "logs.read")}
        />
      </Suspense>
    </>
  );
}
