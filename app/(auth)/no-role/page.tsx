import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signOutAction } from "@/lib/actions/auth-actions";
import { loadAccessPolicy } from "@/lib/auth/access-policy";
import { getSignedInUser, hasAnyRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "No role" };

export default async function NoRolePage() {
  const signedIn = await getSignedInUser();
  if (!signedIn) redirect("/login");
  if (hasAnyRole(signedIn)) redirect("/");
  const policy = loadAccessPolicy();
  const grants = policy.grants;

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">No access yet</h1>
      <p className="mt-3 text-sm">
        You are signed in as <strong>{signedIn.user.name}</strong>, but your account has no role in
        Lambda Console; ask an admin to add you to one of these groups:
      </p>
      <ul className="mt-3 list-disc pl-5 text-sm">
        {grants.map((g, i) => (
          <li key={i}>
            <code>{g.group}</code> ({g.role}
            {g.targets.includes("*") ? "" : ` on ${g.targets.join(", ")}`})
          </li>
        ))}
      </ul>
      <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
        Your groups (claim &quot;{policy.claim}&quot;):{" "}
        {signedIn.groups.length ? signedIn.groups.join(", ") : "none"}. After an admin adds you,
        sign out and sign in again.
      </p>
      <form action={signOutAction} className="mt-6">
        <button
          type="submit"
          className="w-full rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Sign out
        </button>
      </form>
    </div>
  );
}
