import Link from "next/link";
import type { Blueprint, Support } from "@/lib/blueprints";
import { USE_CASE_LABELS } from "@/lib/blueprints/use-cases";
import { RuntimeBadge } from "./runtime-badge";
import { SupportNotice } from "./support-notice";

interface Props {
  blueprint: Blueprint;
  support: Support;
  targetLabel: string;
}

export function BlueprintCard({ blueprint: b, support, targetLabel }: Props) {
  return (
    <article
      aria-labelledby={`bp-${b.id}`}
      data-testid="blueprint-card"
      className="flex h-full flex-col rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-start justify-between gap-2">
        <h2 id={`bp-${b.id}`} className="font-medium">
          {b.title}
        </h2>
        <RuntimeBadge runtime={b.runtime} />
      </div>
      <p className="mt-2 line-clamp-3 text-sm text-zinc-600 dark:text-zinc-400">{b.description}</p>
      <ul className="mt-3 flex flex-wrap gap-1" aria-label="Use cases">
        {b.useCases.map((u) => (
          <li key={u} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
            {USE_CASE_LABELS[u]}
          </li>
        ))}
        {b.source === "custom" ? (
          <li className="rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-800 dark:bg-violet-950 dark:text-violet-200">
            Team blueprint
          </li>
        ) : null}
      </ul>
      <SupportNotice support={support} targetLabel={targetLabel} compact />
      <div className="mt-auto flex gap-3 pt-4 text-sm">
        <Link
          href={`/blueprints/${b.id}`}
          className="rounded-md bg-zinc-900 px-3 py-1.5 font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900"
          aria-label={`Use blueprint ${b.title}`}
        >
          Use blueprint
        </Link>
        <Link href={`/blueprints/${b.id}#code`} className="px-1 py-1.5 underline">
          Preview code
        </Link>
      </div>
    </article>
  );
}
