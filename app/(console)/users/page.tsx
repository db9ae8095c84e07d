import type { Metadata } from "next";
import { UserActionForm } from "@/components/admin/user-action-form";
import { PageHeading } from "@/components/ui/page-heading";
import { getConsoleStores } from "@/lib/auth/console-stores";
import { requirePermission } from "@/lib/auth/guard";
import { describeRoles, loadAccessPolicy, rolesFor } from "@/lib/auth/access-policy";
import { loadOidcSettings } from "@/lib/auth/settings";
import { addUser, removeUser, resetPassword, setUserGroups } from "./actions";

export const metadata: Metadata = { title: "Users" };

const input =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function UsersPage() {
  await requirePermission("admin");
  const oidc = loadOidcSettings();
  if (!oidc.embedded) {
    return (
      <div>
        <PageHeading title="Users" />
        <p className="text-sm">
          People sign in through {oidc.name} ({oidc.issuer}); manage users and their groups there.
        </p>
      </div>
    );
  }
  const policy = loadAccessPolicy();
  const users = getConsoleStores().users.list();
  return (
    <div>
      <PageHeading
        title="Users"
        description={`Accounts of the local identity provider. Roles come from groups, per target: ${policy.grants
          .map(
            (g) =>
              `${g.group} → ${g.role}${g.targets.includes("*") ? "" : ` on ${g.targets.join(", ")}`}`,
          )
          .join(", ")} (see Access).`}
      />
      <section className="mb-6 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="mb-2 text-sm font-medium">Add a user</h2>
        <UserActionForm action={addUser} label="Add user">
          <label className="text-sm">
            <span className="block">User name</span>
            <input name="name" required className={input} />
          </label>
          <label className="text-sm">
            <span className="block">Groups (comma-separated)</span>
            <input name="groups" placeholder="lambda-developers" className={input} />
          </label>
          <label className="text-sm">
            <span className="block">Email (optional)</span>
            <input name="email" type="email" className={input} />
          </label>
        </UserActionForm>
      </section>
      <table className="w-full border-collapse text-left text-sm" aria-label="Users">
        <thead className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="py-2 pr-3 font-medium">User</th>
            <th className="py-2 pr-3 font-medium">Role</th>
            <th className="py-2 pr-3 font-medium">Groups</th>
            <th className="py-2 pr-3 font-medium">Password</th>
            <th className="py-2 pr-3 font-medium">Remove</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.name} className="border-b border-zinc-100 align-top dark:border-zinc-800">
              <td className="py-2 pr-3 font-medium">
                {u.name}
                {u.email ? <span className="block text-xs text-zinc-500">{u.email}</span> : null}
              </td>
              <td className="py-2 pr-3">{describeRoles(rolesFor(u.groups, policy).roles)}</td>
              <td className="py-2 pr-3">
                <UserActionForm action={setUserGroups} label="Save">
                  <input type="hidden" name="name" value={u.name} />
                  <input
                    name="groups"
                    defaultValue={u.groups.join(",")}
                    aria-label={`Groups of ${u.name}`}
                    className={input}
                  />
                </UserActionForm>
              </td>
              <td className="py-2 pr-3">
                <UserActionForm action={resetPassword} label="Reset password">
                  <input type="hidden" name="name" value={u.name} />
                </UserActionForm>
              </td>
              <td className="py-2 pr-3">
                <UserActionForm action={removeUser} label="Remove">
                  <input type="hidden" name="name" value={u.name} />
                </UserActionForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
