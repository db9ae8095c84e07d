"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import type { ActionResult } from "@/lib/actions/define-action";
import type { DbInstanceSummary, DbProxySummary } from "@/lib/aws/database-types";
import { DeleteButton } from "./delete-button";
import { PoolSettingsForm } from "./pool-settings-form";
import { ProxyDetails } from "./proxy-card";

type Status = (input: {
  kind: "instance" | "proxy";
  id: string;
}) => Promise<ActionResult<{ status: string }>>;

export function DatabaseRows({
  instances,
  canWrite,
  deleteAction,
  statusAction,
}: {
  instances: DbInstanceSummary[];
  canWrite: boolean;
  deleteAction: (input: { id: string }) => Promise<ActionResult<unknown>>;
  statusAction: Status;
}) {
  if (instances.length === 0) return <p className="text-sm text-zinc-500">No DB instances yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-zinc-500">
        <tr>
          <th className="py-1">Identifier</th>
          <th>Status</th>
          <th>Engine</th>
          <th>Endpoint</th>
          <th>Master user</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {instances.map((i) => (
          <tr
            key={i.id}
            data-testid={`instance-${i.id}`}
            className="border-t border-zinc-200 dark:border-zinc-800"
          >
            <td className="py-1 font-medium">{i.id}</td>
            <td data-testid="instance-status">{i.status}</td>
            <td>
              {i.engine} {i.engineVersion}
            </td>
            <td className="font-mono text-xs">{i.address ? `${i.address}:${i.port}` : "—"}</td>
            <td>{i.masterUsername ?? "—"}</td>
            <td className="text-right">
              {canWrite ? (
                <DeleteButton
                  label="Delete"
                  confirmText={`Delete DB instance ${i.id} and all its data? No final snapshot is taken.`}
                  run={() => withTypedConfirm(deleteAction)({ id: i.id })}
                  gone={async () => {
                    const s = await statusAction({ kind: "instance", id: i.id });
                    return s.ok && s.data.status === "gone";
                  }}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProxyList({
  proxies,
  canWrite,
  deleteAction,
  statusAction,
  poolAction,
}: {
  proxies: DbProxySummary[];
  canWrite: boolean;
  deleteAction: (input: { name: string }) => Promise<ActionResult<unknown>>;
  statusAction: Status;
  poolAction: Parameters<typeof PoolSettingsForm>[0]["action"];
}) {
  if (proxies.length === 0) return <p className="text-sm text-zinc-500">No proxies yet.</p>;
  return (
    <div className="space-y-6">
      {proxies.map((p) => (
        <section
          key={p.name}
          aria-label={`Proxy ${p.name}`}
          className="space-y-3 border-t border-zinc-200 pt-3 first:border-t-0 first:pt-0 dark:border-zinc-800"
        >
          <h3 className="font-medium">{p.name}</h3>
          <ProxyDetails proxy={p} />
          {canWrite && p.status === "available" ? (
            <PoolSettingsForm name={p.name} pool={p.pool} action={poolAction} />
          ) : null}
          {canWrite ? (
            <DeleteButton
              label="Delete proxy"
              confirmText={`Delete proxy ${p.name}? Functions connected to it lose their database access.`}
              run={() => withTypedConfirm(deleteAction)({ name: p.name })}
              gone={async () => {
                const s = await statusAction({ kind: "proxy", id: p.name });
                return !s.ok;
              }}
            />
          ) : null}
        </section>
      ))}
    </div>
  );
}
