"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/define-action";
import type { ImageDeployment } from "@/lib/image-history/store";
import { ImagePicker, type CatalogResult } from "./image-picker";

interface DeployResult {
  ok: boolean;
  message: string;
  digest: string | null;
}
type DeployInput = { functionName: string; imageUri: string; kind: "deploy" | "rollback" };

const btn =
  "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** "Deploy new image" and the deployment history with one-click rollback to an earlier digest. */
export function DeployImagePanel({
  functionName,
  currentDigest,
  history,
  catalog,
  initialUri,
  action,
}: {
  functionName: string;
  currentDigest: string | null;
  history: ImageDeployment[];
  catalog: CatalogResult | null;
  initialUri: string;
  action: ((input: DeployInput) => Promise<ActionResult<DeployResult>>) | null;
}) {
  const router = useRouter();
  const [uri, setUri] = useState(initialUri);
  const [pending, start] = useTransition();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const run = (imageUri: string, kind: DeployInput["kind"]) =>
    action &&
    start(async () => {
      setNote(null);
      const r = await withTypedConfirm(action)({ functionName, imageUri, kind });
      if (!r.ok) {
        const field = r.fieldErrors?.imageUri?.join(" ");
        setNote({ ok: false, text: field ?? r.message });
        return;
      }
      setNote(
        r.data.ok
          ? {
              ok: true,
              text: `${kind === "rollback" ? "Rolled back" : "Deployed"} ${imageUri}${
                r.data.digest ? ` (${r.data.digest})` : ""
              }.`,
            }
          : { ok: false, text: `Deploy failed: ${r.data.message}` },
      );
      router.refresh();
    });

  return (
    <>
      {action && catalog ? (
        <section className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Deploy new image</h2>
          <form
            className="mt-2 max-w-2xl space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              run(uri, "deploy");
            }}
          >
            <label htmlFor="deployImageUri" className="block text-sm font-medium">
              Image to deploy
            </label>
            <ImagePicker id="deployImageUri" catalog={catalog} value={uri} onChange={setUri} />
            <button type="submit" className={btn} disabled={pending || uri.trim() === ""}>
              {pending ? "Deploying…" : "Deploy image"}
            </button>
          </form>
        </section>
      ) : null}
      {note ? (
        <p
          role={note.ok ? "status" : "alert"}
          className={`text-sm ${note.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-400"}`}
        >
          {note.text}
        </p>
      ) : null}
      <section className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Deployment history</h2>
        {history.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">
            No deployments from this console yet (deployments made elsewhere are not recorded).
          </p>
        ) : (
          <table className="mt-2 w-full text-left text-sm" aria-label="Image deployment history">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="py-1">When (UTC)</th>
                <th>Who</th>
                <th>What</th>
                <th>Image</th>
                <th>Result</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.map((d) => {
                const live = d.digest !== null && d.digest === currentDigest;
                return (
                  <tr
                    key={d.id}
                    className="border-t border-zinc-100 align-top dark:border-zinc-800"
                  >
                    <td className="py-1 whitespace-nowrap">
                      {d.at.slice(0, 19).replace("T", " ")}
                    </td>
                    <td>{d.actorName ?? d.actor}</td>
                    <td>{d.kind}</td>
                    <td className="font-mono text-xs break-all">
                      {d.imageUri}
                      {d.digest && !d.imageUri.endsWith(d.digest) ? (
                        <span className="block text-zinc-500">{d.digest}</span>
                      ) : null}
                    </td>
                    <td>
                      {d.result === "ok"
                        ? "Succeeded"
                        : `Failed${d.message ? `: ${d.message}` : ""}`}
                    </td>
                    <td className="text-right whitespace-nowrap">
                      {live ? (
                        <span className="text-xs text-green-700 dark:text-green-400">current</span>
                      ) : action && d.result === "ok" && d.resolvedImageUri ? (
                        <button
                          type="button"
                          className={btn}
                          disabled={pending}
                          aria-label={`Roll back to ${d.digest ?? d.resolvedImageUri}`}
                          onClick={() => d.resolvedImageUri && run(d.resolvedImageUri, "rollback")}
                        >
                          Roll back
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
