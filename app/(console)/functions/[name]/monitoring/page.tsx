import { FunctionBreadcrumb } from "@/components/function-page/function-breadcrumb";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/guard";
import { hasPermission } from "@/lib/access/permissions";
import { settle } from "@/lib/aws/errors";
import { getLoggingConfig, getTracingMode } from "@/lib/aws/monitoring-tools";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { LoggingConfigForm } from "@/components/monitoring-tools/logging-config-form";
import { TracingForm } from "@/components/monitoring-tools/tracing-form";
import { saveLoggingConfig, saveTracing } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `${decodeURIComponent((await params).name)} · Monitoring and operations tools` };
}

/** Function → Configuration → Monitoring and operations tools: logging settings and X-Ray tracing. */
export default async function MonitoringToolsPage({
  params,
}: {
  params: Promise<{ name: string }>;
}) {
  const session = await requirePermission("functions.read");
  const name = decodeURIComponent((await params).name);
  const { current } = await getCurrentTarget();
  const [logging, tracing] = await Promise.all([
    settle(getLoggingConfig(current, name)),
    settle(getTracingMode(current, name)),
  ]);
  if (!logging.ok && logging.error.kind === "NotFound") notFound();
  const canWrite = hasPermission(session.role, "functions.write");
  const canReadLogs = hasPermission(session.role, "logs.read");
  return (
    <>
      <FunctionBreadcrumb name={name} section="Monitoring and operations tools" configuration />
      <PageHeading
        title={`${name}: monitoring and operations tools`}
        description="Where the function's logs go and in which format and detail."
      />
      {!logging.ok ? (
        <ErrorState error={logging.error} />
      ) : (
        <div className="space-y-4">
          <Panel title="Logging configuration">
            <dl data-testid="logging-config" className="grid grid-cols-[12rem_1fr] gap-y-1 text-sm">
              <dt className="text-zinc-500">Log format</dt>
              <dd data-testid="log-format">{logging.data.logFormat}</dd>
              <dt className="text-zinc-500">Application log level</dt>
              <dd data-testid="application-log-level">{logging.data.applicationLogLevel ?? "—"}</dd>
              <dt className="text-zinc-500">System log level</dt>
              <dd data-testid="system-log-level">{logging.data.systemLogLevel ?? "—"}</dd>
              <dt className="text-zinc-500">Log group</dt>
              <dd className="font-mono text-xs">
                {canReadLogs ? (
                  <Link
                    data-testid="log-group"
                    href={`/logs?g=${encodeURIComponent(logging.data.logGroup)}`}
                    className="text-blue-700 hover:underline dark:text-blue-400"
                  >
                    {logging.data.logGroup}
                  </Link>
                ) : (
                  <span data-testid="log-group">{logging.data.logGroup}</span>
                )}
              </dd>
            </dl>
            {logging.data.logFormat === "Text" ? (
              <p className="mt-2 text-xs text-zinc-500">
                Log levels filter logs only with the JSON log format.
              </p>
            ) : null}
          </Panel>
          {canWrite ? (
            <Panel title="Edit logging configuration">
              <LoggingConfigForm
                functionName={name}
                settings={logging.data}
                saveAction={saveLoggingConfig}
              />
            </Panel>
          ) : null}
          <Panel title="AWS X-Ray">
            {tracing.ok ? (
              <div className="space-y-3 text-sm">
                <p>
                  Tracing mode: <span data-testid="tracing-mode">{tracing.data}</span>
                </p>
                {current.kind === "local" ? (
                  <p className="text-xs text-zinc-500">
                    The local engine has no X-Ray: the mode is stored and returned as on AWS, but no
                    traces are recorded (the function&apos;s log says so when it starts).
                  </p>
                ) : null}
                {canWrite ? (
                  <TracingForm functionName={name} mode={tracing.data} saveAction={saveTracing} />
                ) : null}
              </div>
            ) : (
              <ErrorState error={tracing.error} />
            )}
          </Panel>
        </div>
      )}
    </>
  );
}
