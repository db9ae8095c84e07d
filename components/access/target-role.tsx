import type { Role } from "@/lib/access/permissions";

/** The header's "your role here" badge: roles differ per target, so it changes with the switcher. */
export function TargetRole({ role, targetLabel }: { role: Role | null; targetLabel: string }) {
  return (
    <span
      data-testid="target-role"
      title={`Your role on ${targetLabel}`}
      className="rounded-md bg-zinc-100 px-2 py-1 text-xs font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
    >
      <span className="sr-only">Your role on this target: </span>
      {role ?? "no role"}
    </span>
  );
}
