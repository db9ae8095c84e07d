import Link from "next/link";
import { settle } from "@/lib/aws/errors";
import { getFunctionUrl, listPolicyStatements } from "@/lib/aws/function-urls";
import type { Target } from "@/lib/targets/types";

/** What can invoke the function: its URL and the principals its resource-based policy allows. */
export async function TriggersPanel({
  target,
  functionName,
}: {
  target: Target;
  functionName: string;
}) {
  const [url, statements] = await Promise.all([
    settle(getFunctionUrl(target, functionName)),
    settle(listPolicyStatements(target, functionName)),
  ]);
  const base = `/functions/${encodeURIComponent(functionName)}`;
  const principals = statements.ok
    ? statements.data.filter((s) => /invoke|^\*$|lambda:\*/i.test(s.action))
    : [];
  const nothing = url.ok && !url.data && principals.length === 0;
  return (
    <section
      aria-label="Triggers"
      data-testid="triggers-panel"
      className="mb-4 rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="font-medium text-zinc-600 dark:text-zinc-400">Triggers</h2>
      {nothing ? (
        <p className="text-zinc-500">Nothing outside this account&apos;s identities invokes it.</p>
      ) : null}
      <ul className="mt-1 space-y-1">
        {url.ok && url.data ? (
          <li>
            Function URL ({url.data.authType}):{" "}
            <Link
              href={`${base}/url`}
              className="font-mono text-blue-700 hover:underline dark:text-blue-400"
            >
              {url.data.url}
            </Link>
          </li>
        ) : null}
        {principals.map((s) => (
          <li key={s.sid}>
            <span className="font-mono">{s.principal}</span> may call{" "}
            <span className="font-mono">{s.action}</span>
            {s.conditions.length ? (
              <span className="text-zinc-500"> ({s.conditions.join("; ")})</span>
            ) : null}{" "}
            <Link
              href={`${base}/permissions`}
              className="text-blue-700 hover:underline dark:text-blue-400"
            >
              {s.sid}
            </Link>
          </li>
        ))}
      </ul>
      {!url.ok || !statements.ok ? (
        <p className="text-zinc-500">Some triggers could not be read.</p>
      ) : null}
    </section>
  );
}
