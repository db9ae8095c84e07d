"use server";

import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getConsoleStores, recordAudit } from "../auth/console-stores";
import { publicAction } from "./public-action";
import { signIn, signOut } from "../auth/auth";
import { toSafeCallback } from "../auth/callback-url";
import { getSignedInUser } from "../auth/session";
import { loadOidcSettings } from "../auth/settings";

export const signInAction = publicAction(
  "signing in needs no session",
  async (form: FormData): Promise<void> => {
    await signIn(loadOidcSettings().providerId, {
      redirectTo: toSafeCallback(form.get("callbackUrl")),
    });
  },
);

let endSessionCache: { issuer: string; endpoint: string | null } | undefined;

async function endSessionEndpoint(issuer: string): Promise<string | null> {
  if (endSessionCache?.issuer === issuer) return endSessionCache.endpoint;
  try {
    const res = await fetch(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    });
    const doc = (await res.json()) as { end_session_endpoint?: unknown };
    const endpoint = typeof doc.end_session_endpoint === "string" ? doc.end_session_endpoint : null;
    endSessionCache = { issuer, endpoint };
    return endpoint;
  } catch {
    return null;
  }
}

/**
 * Ends the console session, then the IdP's (RP-initiated logout), so the next sign-in asks for the
 * password again (notes/auth.md §9). IdPs without an end-session endpoint (Google) stop at /login.
 */
export const signOutAction = publicAction("signing out needs no role", async (): Promise<void> => {
  const who = await getSignedInUser();
  const oidc = loadOidcSettings();
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  const endpoint = await endSessionEndpoint(oidc.issuer);
  await signOut({ redirect: false });
  if (who) {
    getConsoleStores().revocations.revoke(who.user.id);
    getConsoleStores().idpSessions.deleteSubject(who.user.id);
    recordAudit({
      actor: who.user.id,
      actorName: who.user.name,
      role: who.role,
      action: "auth.sign-out",
      target: null,
      resource: null,
      result: "ok",
      message: null,
    });
  }
  if (!endpoint) redirect("/login");
  const url = new URL(endpoint);
  url.searchParams.set("client_id", oidc.clientId);
  url.searchParams.set("post_logout_redirect_uri", `${proto}://${host}/login`);
  redirect(url.toString());
});
