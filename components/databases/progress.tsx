"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";

type StepState = "pending" | "running" | "done" | "failed";
export interface Step {
  label: string;
  state: StepState;
  detail?: string;
}

const MARK: Record<StepState, string> = { pending: "○", running: "◌", done: "✓", failed: "✕" };

/** A wizard's steps as they advance (creating → available …). */
export function ProgressSteps({ steps }: { steps: Step[] }) {
  if (steps.length === 0) return null;
  return (
    <ol aria-label="Progress" className="mt-3 space-y-1 text-sm">
      {steps.map((s) => (
        <li
          key={s.label}
          data-state={s.state}
          className={
            s.state === "failed"
              ? "text-red-700 dark:text-red-400"
              : s.state === "done"
                ? "text-green-700 dark:text-green-400"
                : ""
          }
        >
          <span aria-hidden className="mr-2 inline-block w-4">
            {MARK[s.state]}
          </span>
          {s.label}
          {s.detail ? <span className="ml-2 text-zinc-500">{s.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** Polls `check` every `ms` until it returns true (or the component goes away); bounded by `limit` tries. */
export async function pollUntil(
  check: () => Promise<boolean>,
  ms = 1000,
  limit = 600,
): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, ms));
  }
  return false;
}

/** Re-renders the server page every `seconds` (live pool figures, statuses). */
export function AutoRefresh({ seconds = 5 }: { seconds?: number }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  useEffect(() => {
    timer.current = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer.current);
  }, [router, seconds]);
  return null;
}
