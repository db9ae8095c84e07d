import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { getAccountSettings } from "@/lib/aws/account";
import { getRecentThrottles, listFunctionConcurrency } from "@/lib/aws/concurrency";
import { settle } from "@/lib/aws/errors";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeading } from "@/components/ui/page-heading";
import { Panel } from "@/components/ui/panel";
import { ThrottleBadge } from "@/components/concurrency/throttle-badge";

export const metadata = { title: "Account" };

/** Account: the concurrency limit, the unreserved pool, and every function's reservation and recent concurrency. */
export default async function AccountPage() {
  await requirePermission("functions.read");
  const { current } = await getCurrentTarget();
  const [settings, functions] = await Promise.all([
    settle(getAccountSettings(current)),
    settle(listFunctionConcurrency(current)),
  ]);
  const throttles = functions.ok
    ? await settle(
        getRecentThrottles(
          current,
          functions.data.map((f) => f.name),
        ),
      )
    : undefined;
  return (
    <>
      <PageHeading title="Account" description="Concurrency limits and how functions use them" />
      <div className="grid gap-4">
        <Panel title="Limits">
          {settings.ok ? (
            <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
              <dt className="text-zinc-500">Concurrency limit</dt>
              <dd data-testid="account-limit">{settings.data.concurrencyLimit}</dd>
              <dt className="text-zinc-500">Unreserved pool</dt>
              <dd data-testid="account-unreserved">{settings.data.unreservedConcurrency}</dd>
              <dt className="text-zinc-500">Reserved by functions</dt>
              <dd>{settings.data.concurrencyLimit - settings.data.unreservedConcurrency}</dd>
              <dt className="text-zinc-500">Functions</dt>
              <dd>{settings.data.functionCount}</dd>
            </dl>
          ) : (
            <ErrorState error={settings.error} />
          )}
        </Panel>
        <Panel title="Functions">
          {functions.ok ? (
            functions.data.length === 0 ? (
              <p className="text-sm text-zinc-500">No functions yet.</p>
            ) : (
              <table className="w-full text-left text-sm">
                <thead className="text-zinc-500">
                  <tr>
                    <th className="py-1">Function</th>
                    <th>Reserved concurrency</th>
                    <th>Concurrency (max, last 5 min)</th>
                    <th>Throttles</th>
                  </tr>
                </thead>
                <tbody>
                  {functions.data.map((f) => (
                    <tr key={f.name} className="border-t border-zinc-200 dark:border-zinc-800">
                      <td className="py-1">
                        <Link
                          href={`/functions/${encodeURIComponent(f.name)}/concurrency`}
                          className="hover:underline"
                        >
                          {f.name}
                        </Link>
                      </td>
                      <td>{f.reserved ?? "—"}</td>
                      <td>{f.recentConcurrency ?? 0}</td>
                      <td>
                        {throttles?.ok ? (
                          <ThrottleBadge
                            functionName={f.name}
                            count={throttles.data[f.name] ?? 0}
                          />
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          ) : (
            <ErrorState error={functions.error} />
          )}
        </Panel>
      </div>
    </>
  );
}
