"use client";

import { useState, useTransition } from "react";
import { withTypedConfirm } from "@/components/access/typed-confirm";
import type { ActionResult } from "@/lib/actions/define-action";
import type { FunctionProxyView } from "@/lib/aws/function-database-proxies";
import { btn } from "@/components/function-page/action-form";

type Act = (input: {
  functionName: string;
  proxyName: string;
}) => Promise<ActionResult<{ note?: string }>>;

export function FunctionProxies({
  functionName,
  proxies,
  canWrite,
  connectAction,
  disconnectAction,
}: {
  functionName: string;
  proxies: FunctionProxyView[];
  canWrite: boolean;
  connectAction: Act;
  disconnectAction: Act;
}) {
  const [pending, start] = useTransition();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  if (proxies.length === 0)
    return (
      <p className="text-sm text-zinc-500">
        No database proxies yet: create one on the Databases page.
      </p>
    );
  const run = (act: Act, proxyName: string, done: string) =>
    start(async () => {
      const r = await withTypedConfirm(act)({ functionName, proxyName });
      setNote(
        r.ok
          ? { ok: true, text: r.data.note ? `${done} ${r.data.note}` : done }
          : { ok: false, text: r.message },
      );
    });
  return (
    <div className="space-y-3 text-sm">
      <table className="w-full text-left">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-1">Proxy</th>
            <th>Endpoint</th>
            <th>Auth</th>
            <th>Connection</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {proxies.map((p) => (
            <tr
              key={p.name}
              data-testid={`fn-proxy-${p.name}`}
              className="border-t border-zinc-200 dark:border-zinc-800"
            >
              <td className="py-1 font-medium">{p.name}</td>
              <td className="font-mono text-xs">{p.endpoint ?? "—"}</td>
              <td>{p.iamAuth ? "IAM" : "password"}</td>
              <td data-testid="connection-state">{p.connected ? "connected" : "not connected"}</td>
              <td className="text-right">
                {canWrite ? (
                  p.connected ? (
                    <button
                      type="button"
                      className={btn}
                      disabled={pending}
                      onClick={() => run(disconnectAction, p.name, `Disconnected from ${p.name}.`)}
                    >
                      Disconnect
                    </button>
                  ) : (
                    <button
                      type="button"
                      className={btn}
                      disabled={pending || p.status !== "available"}
                      onClick={() => run(connectAction, p.name, `Connected to ${p.name}.`)}
                    >
                      Connect
                    </button>
                  )
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {note ? (
        <p
          role={note.ok ? "status" : "alert"}
          className={
            note.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"
          }
        >
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
