import { UserActionForm } from "@/components/admin/user-action-form";
import { getConsoleStores } from "@/lib/auth/console-stores";
import { loadOidcSettings } from "@/lib/auth/settings";
import { unlockSignIn } from "@/app/(console)/access/actions";

/** Sign-in lockouts of the embedded IdP in force, each with Unlock (admins only: the page checks). */
export function Lockouts() {
  const oidc = loadOidcSettings();
  if (!oidc.embedded) {
    return (
      <section>
        <h2 className="mb-2 text-sm font-medium">Sign-in lockouts</h2>
        <p className="text-sm">Failed sign-ins are handled by {oidc.name}.</p>
      </section>
    );
  }
  const locks = getConsoleStores().signInThrottle.listLocked();
  return (
    <section>
      <h2 className="mb-2 text-sm font-medium">Sign-in lockouts</h2>
      <p className="mb-2 text-xs text-zinc-500">
        Failed sign-ins lock a user name from one address (and an address that tries many names),
        for 30 s doubling with each further failure, up to an hour. Each lock is in the audit log.
      </p>
      {locks.length === 0 ? (
        <p className="text-sm">No lockouts in force.</p>
      ) : (
        <table className="w-full border-collapse text-left text-sm" aria-label="Sign-in lockouts">
          <thead className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className="py-2 pr-3 font-medium">User</th>
              <th className="py-2 pr-3 font-medium">Address</th>
              <th className="py-2 pr-3 font-medium">Failures</th>
              <th className="py-2 pr-3 font-medium">Locked until</th>
              <th className="py-2 pr-3 font-medium">Unlock</th>
            </tr>
          </thead>
          <tbody>
            {locks.map((l) => (
              <tr key={l.key} className="border-b border-zinc-100 dark:border-zinc-800">
                <td className="py-2 pr-3">{l.userName ?? "(every user)"}</td>
                <td className="py-2 pr-3 font-mono text-xs">{l.address}</td>
                <td className="py-2 pr-3">{l.failures}</td>
                <td className="py-2 pr-3">{new Date(l.lockedUntil).toISOString()}</td>
                <td className="py-2 pr-3">
                  <UserActionForm action={unlockSignIn} label="Unlock">
                    <input type="hidden" name="key" value={l.key} />
                  </UserActionForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
