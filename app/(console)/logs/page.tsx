import { requirePermission } from "@/lib/auth/guard";
import { PageHeading } from "@/components/ui/page-heading";
import { NotYetAvailable } from "@/components/ui/not-yet-available";

export const metadata = { title: "Logs" };

export default async function LogsPage() {
  await requirePermission("logs.read");
  return (
    <>
      <PageHeading title="Logs" />
      <NotYetAvailable
        willDo="Search one filter pattern across many log groups at once, with time ranges and live tail."
        tracking="Arrives with issue #5 (browse, create, configure and invoke functions; logs and metrics)."
      />
    </>
  );
}
