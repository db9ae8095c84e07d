import type { ReactNode } from "react";
import type { Blueprint } from "@/lib/blueprints";
import { USE_CASE_LABELS } from "@/lib/blueprints/use-cases";

export function BlueprintPresets({ blueprint: b }: { blueprint: Blueprint }) {
  const env = Object.entries(b.environment);
  const rows: [string, ReactNode][] = [
    ["Runtime", b.runtime],
    ["Handler", <code key="h">{b.handler}</code>],
    ["Memory", `${b.memorySize} MB`],
    ["Timeout", `${b.timeout} s`],
    ["Use cases", b.useCases.map((u) => USE_CASE_LABELS[u]).join(", ")],
    ["Needs", b.requires.length ? b.requires.join(", ") : "nothing beyond the runtime"],
    ...(b.layer
      ? ([
          [
            "Layer",
            `${b.layer.name} (${b.layerFiles?.length ?? 0} files in /opt), published with the function`,
          ],
        ] as [string, ReactNode][])
      : []),
    ["Tags", b.tags.join(", ") || "—"],
  ];
  return (
    <section
      aria-labelledby="presets"
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="presets" className="mb-2 font-medium">
        Presets
      </h2>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-zinc-600 dark:text-zinc-400">{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        <dt className="text-zinc-600 dark:text-zinc-400">Environment</dt>
        <dd>
          {env.length === 0 ? (
            "none"
          ) : (
            <ul className="font-mono text-xs">
              {env.map(([k, v]) => (
                <li key={k}>
                  {k}={v}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <h3 className="mt-4 mb-1 text-sm font-medium">Sample test event</h3>
      <pre className="max-h-64 overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950">
        {JSON.stringify(b.sampleEvent, null, 2)}
      </pre>
      <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
        Expected result: {b.expected.description}
      </p>
    </section>
  );
}
