import type { Metadata } from "next";
import { PageHeading } from "@/components/ui/page-heading";
import { AccessMatrix } from "@/components/access/access-matrix";
import { Lockouts } from "@/components/access/lockouts";
import { requirePermission } from "@/lib/auth/guard";
import { loadAccessPolicy } from "@/lib/auth/access-policy";

export const metadata: Metadata = { title: "Access" };

/** Admins: who gets which role on which target (the targets file's `access`), and sign-in lockouts. */
export default async function AccessPage() {
  await requirePermission("admin");
  const policy = loadAccessPolicy();
  return (
    <div className="space-y-6">
      <PageHeading
        title="Access"
        description="Roles per target, from the targets file's access list (and AUTH_ROLE_MAP, which applies on every target). Pages and actions check the role on the target they act on."
      />
      {policy.problems.length > 0 ? (
        <ul role="alert" className="list-disc pl-5 text-sm text-red-700 dark:text-red-400">
          {policy.problems.map((p, i) => (
            <li key={i}>
              {p.source}: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <AccessMatrix grants={policy.grants} targets={policy.targets} />
      <Lockouts />
    </div>
  );
}
