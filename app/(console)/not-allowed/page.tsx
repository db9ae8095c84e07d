import type { Metadata } from "next";
import { PageHeading } from "@/components/ui/page-heading";
import { requireSignedIn } from "@/lib/auth/signed-in";
import { isPermission, ROLE_PERMISSIONS, ROLES } from "@/lib/access/permissions";

export const metadata: Metadata = { title: "Not allowed" };

export default async function NotAllowedPage({
  searchParams,
}: {
  searchParams: Promise<{ permission?: string | string[] }>;
}) {
  // Not requirePermission: a user without a role on the chosen target lands here too.
  const session = await requireSignedIn();
  const { permission } = await searchParams;
  const needed = typeof permission === "string" && isPermission(permission) ? permission : null;
  const roles = needed ? ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(needed)) : [];
  return (
    <div>
      <PageHeading title="Not allowed" />
      <p className="text-sm">
        {session.role ? (
          <>
            Your role, <strong>{session.role}</strong>, does not allow this page
          </>
        ) : (
          <>
            You have no role on <strong>{session.target.label}</strong>; switch to another target in
            the header, or ask an admin. This page is not allowed
          </>
        )}
        {needed ? (
          <>
            {" "}
            (it needs the <code>{needed}</code> permission, which the {roles.join(" and ")} role
            {roles.length > 1 ? "s have" : " has"})
          </>
        ) : null}
        . Ask an admin if you need it.
      </p>
      {needed === "admin" && session.role === "admin" ? (
        <p className="mt-2 text-sm">
          Admin pages need the admin role on every target; you are an admin of{" "}
          {session.target.label} only.
        </p>
      ) : null}
    </div>
  );
}
