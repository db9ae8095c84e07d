import { requirePermission } from "@/lib/auth/guard";
import { PageHeading } from "@/components/ui/page-heading";
import { NotYetAvailable } from "@/components/ui/not-yet-available";

export const metadata = { title: "Layers" };

export default async function LayersPage() {
  await requirePermission("functions.read");
  return (
    <>
      <PageHeading title="Layers" />
      <NotYetAvailable
        willDo="Publish, version and share Lambda layers, and see which functions use each version."
        tracking="Planned for a later issue; not scheduled yet."
      />
    </>
  );
}
