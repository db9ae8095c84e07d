import type { Metadata } from "next";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePermission } from "@/lib/auth/guard";
import { isPermission, ROLE_PERMISSIONS, ROLES } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Not allowed" };

export default async function NotAllowedPage({
  searchParams,
}: {
  searchParams: Promise<{ permission?: string | string[] }>;
}) {
  const session = await requirePermission("functions.read");
  const { permission } = await searchParams;
  const needed = typeof permission === "string" && isPermission(permission) ? permission : null;
  const roles = needed ? ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(needed)) : [];
  return (
    <div>
      <PageHeading title="Not allowed" />
      <p className="text-sm">
        Your role, <strong>{session.role}</strong>, does not allow this page
        {needed ? (
          <>
            {" "}
            (it needs the <code>{needed}</code> permission, which the {roles.join(" and ")} role
            {roles.length > 1 ? "s have" : " has"})
          </>
        ) : null}
        . Ask an admin if you need it.
      </p>
    </div>
  );
}
