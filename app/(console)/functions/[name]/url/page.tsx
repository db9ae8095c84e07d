import { FunctionBreadcrumb } from "@/components/function-page/function-breadcrumb";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { getFunctionUrl } from "@/lib/aws/function-urls";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { FunctionUrlForm } from "@/components/function-url/url-form";
import { FunctionUrlSummary } from "@/components/function-url/url-summary";
import { TryFunctionUrl } from "@/components/function-url/try-url";
import { removeUrl, saveUrl, tryUrl } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `${decodeURIComponent((await params).name)} · Function URL` };
}

/** Function → Configuration → Function URL: create/edit (auth type, CORS, invoke mode), copy, try it. */
export default async function FunctionUrlPage({ params }: { params: Promise<{ name: string }> }) {
  const session = await requirePermission("functions.read");
  const name = decodeURIComponent((await params).name);
  const { current } = await getCurrentTarget();
  const url = await settle(getFunctionUrl(current, name));
  if (!url.ok && url.error.kind === "NotFound") notFound();
  const canWrite = hasPermission(session.role, "functions.write");
  const canInvoke = hasPermission(session.role, "functions.invoke");
  const base = `/functions/${encodeURIComponent(name)}`;
  return (
    <>
      <FunctionBreadcrumb name={name} section="Function URL" configuration />
      <PageHeading
        title={`${name}: function URL`}
        description="A dedicated HTTPS endpoint for the function (on the local engine, its own port)."
      />
      {!url.ok ? (
        <ErrorState error={url.error} />
      ) : (
        <div className="space-y-4">
          <Panel title="Function URL">
            {url.data ? (
              <FunctionUrlSummary
                functionName={name}
                url={url.data}
                canWrite={canWrite}
                deleteAction={removeUrl}
              />
            ) : (
              <p data-testid="no-url" className="text-sm">
                No function URL.
              </p>
            )}
          </Panel>
          {canWrite ? (
            <Panel title={url.data ? "Edit" : "Create function URL"}>
              <FunctionUrlForm functionName={name} url={url.data} saveAction={saveUrl} />
            </Panel>
          ) : null}
          {url.data && canInvoke ? (
            <Panel title="Try it">
              <TryFunctionUrl functionName={name} tryAction={tryUrl} />
            </Panel>
          ) : null}
          <p className="text-sm">
            <Link
              href={`${base}/permissions`}
              className="text-blue-700 hover:underline dark:text-blue-400"
            >
              Permissions (resource-based policy)
            </Link>
          </p>
        </div>
      )}
    </>
  );
}
