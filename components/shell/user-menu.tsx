import { signOutAction } from "@/lib/actions/auth-actions";
import type { SignedInUser } from "@/lib/auth/session";

/** The user menu: who is signed in, their role, and sign-out (console and identity provider). */
export function UserMenu({ session }: { session: Pick<SignedInUser, "user" | "role" | "target"> }) {
  return (
    <details className="relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
        <span
          aria-hidden
          className="flex size-6 items-center justify-center rounded-full bg-zinc-300 text-xs font-semibold dark:bg-zinc-700"
        >
          {session.user.name.slice(0, 1).toUpperCase()}
        </span>
        <span>{session.user.name}</span>
      </summary>
      <div className="absolute right-0 z-10 mt-1 w-64 rounded-md border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
        <p className="font-medium">{session.user.name}</p>
        <p className="text-zinc-600 dark:text-zinc-400">
          Role on {session.target.label}: {session.role ?? "none"}
        </p>
        <form action={signOutAction} className="mt-3">
          <button
            type="submit"
            className="w-full rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
