import { PanelSkeleton, SkeletonBlock } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <SkeletonBlock className="mb-6 h-8 w-40" />
      <div className="grid gap-4 lg:grid-cols-3">
        <PanelSkeleton />
        <PanelSkeleton />
        <PanelSkeleton />
      </div>
    </>
  );
}
