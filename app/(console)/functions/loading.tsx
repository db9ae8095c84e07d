import { SkeletonBlock, TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <SkeletonBlock className="mb-6 h-8 w-40" />
      <TableSkeleton />
    </>
  );
}
