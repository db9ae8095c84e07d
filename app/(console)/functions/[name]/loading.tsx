import { PanelSkeleton, SkeletonBlock } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <SkeletonBlock className="mb-2 h-4 w-40" />
      <SkeletonBlock className="mb-6 h-8 w-64" />
      <SkeletonBlock className="mb-4 h-9 w-full" />
      <PanelSkeleton />
    </>
  );
}
