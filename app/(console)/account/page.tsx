import { requirePermission } from "@/lib/auth/guard";
import { PageHeading } from "@/components/ui/page-heading";
import { NotYetAvailable } from "@/components/ui/not-yet-available";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  await requirePermission("functions.read");
  return (
    <>
      <PageHeading title="Account" />
      <NotYetAvailable
        willDo="See the account's concurrency limit, the unreserved pool and every function's reserved and provisioned concurrency."
        tracking="Arrives with issue #4 (concurrency and scaling controls)."
      />
    </>
  );
}
