import type { Session } from "@/lib/auth/session";

/** The user menu; sign-in and sign-out arrive with the SSO issue (#6). */
export function UserMenu({ session }: { session: Session }) {
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
        <p className="text-zinc-600 dark:text-zinc-400">Role: {session.role}</p>
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          Sign-in with your team&apos;s identity provider is not yet available (issue #6). Until
          then the console runs as a local admin, so keep it on loopback.
        </p>
      </div>
    </details>
  );
}
