import { requirePermission } from "@/lib/auth/guard";
import { PageHeading } from "@/components/ui/page-heading";
import { NotYetAvailable } from "@/components/ui/not-yet-available";

export const metadata = { title: "Code signing" };

export default async function CodeSigningPage() {
  await requirePermission("functions.read");
  return (
    <>
      <PageHeading title="Code signing" />
      <NotYetAvailable
        willDo="Manage code signing configurations and signing profiles, and enforce signed deployments per function."
        tracking="Planned for a later issue; not scheduled yet."
      />
    </>
  );
}
