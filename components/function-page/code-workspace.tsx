"use client";

import { withTypedConfirm } from "@/components/access/typed-confirm";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import type { EditableFile } from "@/lib/aws/code-package";
import { CodeEditor } from "../code-editor/code-editor";

export interface CodeWorkspaceProps {
  functionName: string;
  files: EditableFile[];
  /** Files the editor cannot show (binary), kept on deploy. */
  binaryPaths: string[];
  canWrite: boolean;
  deploy: (input: {
    functionName: string;
    files: EditableFile[];
    removed: string[];
  }) => Promise<ActionResult<{ codeSha256: string; codeSizeBytes: number }>>;
}

const btn =
  "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** The package's text files in CodeMirror: edit several, add or remove files, deploy them together. */
export function CodeWorkspace({
  functionName,
  files,
  binaryPaths,
  canWrite,
  deploy,
}: CodeWorkspaceProps) {
  const [docs, setDocs] = useState<Map<string, string>>(
    () => new Map(files.map((f) => [f.path, f.content])),
  );
  const [active, setActive] = useState(files[0]?.path ?? "");
  const [removed, setRemoved] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [newName, setNewName] = useState("");
  const [original, setOriginal] = useState<Map<string, string>>(
    () => new Map(files.map((f) => [f.path, f.content])),
  );
  const changed = [...docs.entries()].filter(([p, c]) => original.get(p) !== c).map(([p]) => p);
  const dirty = changed.length > 0 || removed.length > 0;

  const onDeploy = () =>
    start(async () => {
      setStatus(null);
      const result = await withTypedConfirm(deploy)({
        functionName,
        files: [...docs.entries()].map(([path, content]) => ({ path, content })),
        removed,
      });
      if (result.ok) {
        setStatus({
          ok: true,
          text: `Deployed. CodeSha256 ${result.data.codeSha256.slice(0, 12)}…, ${result.data.codeSizeBytes} bytes.`,
        });
        // What is deployed is the new baseline.
        setOriginal(new Map(docs));
        setRemoved([]);
      } else setStatus({ ok: false, text: result.message });
    });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {canWrite ? (
          <button
            type="button"
            className={`${btn} bg-blue-600 text-white hover:bg-blue-700 dark:hover:bg-blue-700`}
            disabled={!dirty || pending}
            onClick={onDeploy}
          >
            {pending ? "Deploying…" : "Deploy"}
          </button>
        ) : null}
        <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="code-dirty">
          {dirty
            ? `${changed.length + removed.length} undeployed change(s)`
            : "No undeployed changes"}
        </span>
        {status ? (
          <span
            role={status.ok ? "status" : "alert"}
            className={`text-sm ${status.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
          >
            {status.text}
          </span>
        ) : null}
      </div>
      <div className="flex h-[60vh] overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
        <nav
          aria-label="Files"
          className="w-56 shrink-0 overflow-auto border-r border-zinc-200 bg-zinc-50 p-2 text-sm dark:border-zinc-800 dark:bg-zinc-900"
        >
          <ul>
            {[...docs.keys()].sort().map((p) => (
              <li key={p} className="flex items-center justify-between">
                <button
                  type="button"
                  onClick={() => setActive(p)}
                  aria-current={p === active ? "true" : undefined}
                  className={`flex-1 truncate rounded px-2 py-1 text-left ${p === active ? "bg-zinc-200 font-medium dark:bg-zinc-800" : ""}`}
                >
                  {p}
                  {original.get(p) !== docs.get(p) ? " •" : ""}
                </button>
                {canWrite ? (
                  <button
                    type="button"
                    aria-label={`Remove ${p}`}
                    className="px-1 text-zinc-400 hover:text-red-600"
                    onClick={() => {
                      const next = new Map(docs);
                      next.delete(p);
                      setDocs(next);
                      if (original.has(p)) setRemoved([...removed, p]);
                      if (active === p) setActive([...next.keys()][0] ?? "");
                    }}
                  >
                    ×
                  </button>
                ) : null}
              </li>
            ))}
            {binaryPaths.map((p) => (
              <li
                key={p}
                className="truncate px-2 py-1 text-zinc-400"
                title="Binary file: kept as is on deploy"
              >
                {p}
              </li>
            ))}
          </ul>
          {canWrite ? (
            <form
              className="mt-2 flex gap-1"
              onSubmit={(e) => {
                e.preventDefault();
                const p = newName.trim();
                if (!p || docs.has(p)) return;
                setDocs(new Map(docs).set(p, ""));
                setRemoved(removed.filter((r) => r !== p));
                setActive(p);
                setNewName("");
              }}
            >
              <input
                aria-label="New file name"
                placeholder="new-file.mjs"
                value={newName}
                onChange={(e) => setNewName(e.target.value)}
                className="w-full rounded border border-zinc-300 px-1 text-xs dark:border-zinc-700 dark:bg-zinc-950"
              />
              <button type="submit" className="text-xs">
                Add
              </button>
            </form>
          ) : null}
        </nav>
        <div className="min-w-0 flex-1">
          {active ? (
            <CodeEditor
              key={active}
              path={active}
              label={`Code of ${active}`}
              value={docs.get(active) ?? ""}
              readOnly={!canWrite}
              onChange={(v) => setDocs((d) => new Map(d).set(active, v))}
            />
          ) : (
            <p className="p-4 text-sm text-zinc-500">No text files in this package.</p>
          )}
        </div>
      </div>
    </div>
  );
}
