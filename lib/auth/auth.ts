import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import { getConsoleStores, recordAudit } from "./console-stores";
import { loadSessionPolicy, sessionExpired } from "./session-policy";
import { loadRoleMapping, readGroupsClaim, resolveRole } from "../access/role-map";
import { loadAuthSecret, loadOidcSettings } from "./settings";

/** Paths reachable without a session: the sign-in pages and Auth.js's own endpoints. */
export const PUBLIC_PATHS = ["/login", "/api/auth"] as const;

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

// Lazy: env and the data dir are read per server start, not baked in at `next build`.
function buildConfig(): NextAuthConfig {
  const oidc = loadOidcSettings();
  const mapping = loadRoleMapping();
  const policy = loadSessionPolicy();
  return {
    secret: loadAuthSecret(),
    // Self-hosted behind whatever host name people use; Auth.js otherwise refuses non-Vercel hosts.
    trustHost: true,
    // The cookie's own expiry slides with use; the absolute limit is checked on signedInAt below.
    session: { strategy: "jwt", maxAge: Math.ceil(policy.maxAgeMs / 1000) },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      {
        id: oidc.providerId,
        name: oidc.name,
        type: "oidc",
        issuer: oidc.issuer,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        checks: ["pkce", "state", "nonce"],
        authorization: { params: { scope: oidc.scope } },
        profile(profile) {
          return {
            id: String(profile.sub),
            name:
              str(profile.name) ??
              str(profile.preferred_username) ??
              str(profile.email) ??
              String(profile.sub),
            email: str(profile.email) ?? null,
          };
        },
      },
    ],
    callbacks: {
      // Groups are kept raw; the role is computed from them on every request (see session.ts), so a
      // changed AUTH_ROLE_MAP applies without signing in again.
      jwt({ token, profile, account }) {
        if (profile) {
          token.sub = str(profile.sub) ?? token.sub;
          token.groups = readGroupsClaim(profile, mapping.claim);
          token.signedInAt = Date.now();
          // External IdPs: keep the tokens on the server to re-read the groups (external-session.ts).
          if (!oidc.embedded && token.sub) {
            const stores = getConsoleStores();
            stores.idpSessions.prune(Date.now() - policy.maxAgeMs);
            token.sid = stores.idpSessions.create({
              subject: token.sub,
              signedInAt: token.signedInAt,
              groups: token.groups,
              checkedAt: token.signedInAt,
              accessToken: account?.access_token ?? null,
              accessExpiresAt:
                typeof account?.expires_at === "number" ? account.expires_at * 1000 : null,
              refreshToken: account?.refresh_token ?? null,
            }).id;
          }
          return token;
        }
        // Absolute lifetime from sign-in: using the console does not extend it.
        if (sessionExpired(token.signedInAt, policy)) return null;
        // Signed out (here or in another tab) since this session began: end it on every path,
        // the proxy and /api/auth/session included (see revocation-store.ts).
        if (token.sub && getConsoleStores().revocations.isRevoked(token.sub, token.signedInAt))
          return null;
        return token;
      },
      session({ session, token }) {
        session.user.id = token.sub ?? "";
        session.signedInAt = typeof token.signedInAt === "number" ? token.signedInAt : undefined;
        if (typeof token.sid === "string") session.sid = token.sid;
        session.groups = Array.isArray(token.groups)
          ? token.groups.filter((g) => typeof g === "string")
          : [];
        return session;
      },
      // The proxy's optimistic check (notes/auth.md §8); pages, actions and routes check again.
      authorized({ auth, request }) {
        if (isPublic(request.nextUrl.pathname)) return true;
        return Boolean(auth?.user);
      },
    },
    events: {
      signIn({ user, profile }) {
        const groups = profile ? readGroupsClaim(profile, mapping.claim) : [];
        recordAudit({
          actor: str(profile?.sub) ?? user.id ?? "unknown",
          actorName: user.name ?? null,
          role: resolveRole(groups, mapping),
          action: "auth.sign-in",
          target: null,
          resource: null,
          result: "ok",
          message: null,
        });
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
