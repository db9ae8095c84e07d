import { requirePermission } from "@/lib/auth/guard";
import { PageHeading } from "@/components/ui/page-heading";
import { NotYetAvailable } from "@/components/ui/not-yet-available";

export const metadata = { title: "Blueprints" };

export default async function BlueprintsPage() {
  await requirePermission("functions.read");
  return (
    <>
      <PageHeading title="Blueprints" />
      <NotYetAvailable
        willDo="Start a function from a gallery of ready-made blueprints (code and settings) for common event sources."
        tracking="Arrives with issue #7 (Blueprint gallery)."
      />
    </>
  );
}
