import type { DbProxySummary } from "@/lib/aws/database-types";

const healthClass = (h: string) =>
  h === "AVAILABLE"
    ? "text-green-700 dark:text-green-400"
    : h === "UNAVAILABLE"
      ? "text-red-700 dark:text-red-400"
      : "text-amber-700 dark:text-amber-400";

/** One proxy: endpoint, auth, targets and their health, pool settings, live pool figures. */
export function ProxyDetails({ proxy }: { proxy: DbProxySummary }) {
  const f = proxy.figures;
  return (
    <div className="space-y-3 text-sm" data-testid={`proxy-${proxy.name}`}>
      <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1">
        <dt className="text-zinc-500">Status</dt>
        <dd data-testid="proxy-status">{proxy.status}</dd>
        <dt className="text-zinc-500">Endpoint</dt>
        <dd className="font-mono text-xs">{proxy.endpoint ?? "—"}</dd>
        <dt className="text-zinc-500">Authentication</dt>
        <dd>
          {proxy.iamAuth ? "IAM required" : "Secrets (password)"} · TLS{" "}
          {proxy.requireTls ? "required" : "optional"} · idle client timeout{" "}
          {proxy.idleClientTimeout ?? "—"} s
        </dd>
        <dt className="text-zinc-500">Targets</dt>
        <dd>
          {proxy.targets.length === 0
            ? "none registered"
            : proxy.targets.map((t) => (
                <span key={t.instanceId} className="mr-3">
                  {t.instanceId}:{t.port ?? "?"}{" "}
                  <span
                    data-testid="target-health"
                    className={healthClass(t.health)}
                    title={t.description}
                  >
                    {t.health}
                  </span>
                  {t.reason ? <span className="text-zinc-500"> ({t.reason})</span> : null}
                </span>
              ))}
        </dd>
        <dt className="text-zinc-500">Pool settings</dt>
        <dd>
          max connections {proxy.pool.maxConnectionsPercent ?? "—"} % · max idle{" "}
          {proxy.pool.maxIdleConnectionsPercent ?? "—"} % · borrow timeout{" "}
          {proxy.pool.connectionBorrowTimeout ?? "—"} s
        </dd>
        <dt className="text-zinc-500">Live pool</dt>
        <dd data-testid="pool-figures">
          {f ? (
            <>
              clients active {f.clientsActive} · waiting {f.clientsWaiting} · server connections in
              use {f.serversActive} · idle {f.serversIdle} · queries {f.totalQueries}
              {f.restarts ? ` · pooler restarts ${f.restarts}` : ""}
            </>
          ) : (
            <span className="text-zinc-500">
              not available for this target (see CloudWatch DatabaseConnections on AWS)
            </span>
          )}
        </dd>
      </dl>
    </div>
  );
}
