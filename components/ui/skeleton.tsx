export function SkeletonBlock({ className = "" }: { className?: string }) {
  return (
    <div
      aria-hidden
      className={`animate-pulse rounded-md bg-zinc-200 dark:bg-zinc-800 ${className}`}
    />
  );
}

export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <div role="status" aria-label="Loading" className="space-y-2">
      <SkeletonBlock className="h-9 w-full" />
      {Array.from({ length: rows }, (_, i) => (
        <SkeletonBlock key={i} className="h-8 w-full" />
      ))}
    </div>
  );
}

export function PanelSkeleton() {
  return (
    <div
      role="status"
      aria-label="Loading"
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <SkeletonBlock className="h-4 w-32" />
      <SkeletonBlock className="h-8 w-20" />
    </div>
  );
}
