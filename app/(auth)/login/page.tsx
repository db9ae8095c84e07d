import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signInAction } from "@/lib/actions/auth-actions";
import { toSafeCallback } from "@/lib/auth/callback-url";
import { getSignedInUser } from "@/lib/auth/session";
import { loadOidcSettings } from "@/lib/auth/settings";

export const metadata: Metadata = { title: "Sign in" };

// Auth.js sends errors here as ?error=<type> (pages.error); say what it means and what to do.
function describeError(error: string, providerName: string): string {
  switch (error) {
    case "Configuration":
      return `Sign-in with ${providerName} is misconfigured: the identity provider could not be reached or refused the console's client. An operator should check AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET and the redirect URI registered at the identity provider; the console's server log has the details.`;
    case "AccessDenied":
      return "The identity provider did not allow this sign-in.";
    case "Verification":
      return "The sign-in link is no longer valid. Sign in again.";
    default:
      return "Sign-in did not complete. Try again.";
  }
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string | string[]; callbackUrl?: string | string[] }>;
}) {
  const params = await searchParams;
  const error = typeof params.error === "string" ? params.error : undefined;
  const callbackUrl = toSafeCallback(params.callbackUrl);
  const oidc = loadOidcSettings();
  if (!error && (await getSignedInUser())) redirect(callbackUrl);

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Lambda Console</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Sign in to continue.</p>
      {error ? (
        <div
          role="alert"
          className="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <p className="font-medium">Sign-in failed</p>
          <p className="mt-1">{describeError(error, oidc.name)}</p>
        </div>
      ) : null}
      <form action={signInAction} className="mt-6">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <button
          type="submit"
          className="w-full rounded-md bg-orange-600 px-4 py-2 font-medium text-white hover:bg-orange-700"
        >
          Sign in with {oidc.name}
        </button>
      </form>
      {oidc.embedded ? (
        <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">
          Accounts live in this console&apos;s local identity provider. The first start printed the
          admin password; operators manage users with <code>npm run users</code>.
        </p>
      ) : null}
    </div>
  );
}
