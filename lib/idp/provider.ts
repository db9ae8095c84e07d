import Provider, { type Grant, type KoaishContext } from "oidc-provider";
import type { ConsoleDb } from "../console-db/db";
import { IDP_SESSION_TTL_SECONDS, type IdpSettings } from "./config";
import type { ConsentStore } from "./consent-store";
import type { IdpKeys } from "./keys";
import { renderError, renderLoggedOut, renderLogout } from "./pages";
import { createSqliteAdapter } from "./sqlite-adapter";
import type { UserStore } from "./user-store";

const IDP_SCOPES = ["openid", "profile", "email", "groups"] as const;

interface Deps {
  settings: IdpSettings;
  keys: IdpKeys;
  db: ConsoleDb;
  users: UserStore;
  consents: ConsentStore;
}

/** The oidc-provider instance of the embedded IdP, configured as notes/auth.md found necessary. */
export function createIdpProvider({ settings, keys, db, users, consents }: Deps): Provider {
  // A remembered consent becomes a fresh grant: oidc-provider revokes grants at sign-out and on
  // code replay (see consent-store.ts), and people should not be asked again on every sign-in.
  async function loadExistingGrant(ctx: KoaishContext): Promise<Grant | undefined> {
    const client = ctx.oidc.client;
    const session = ctx.oidc.session;
    if (!client || !session?.accountId) return undefined;
    const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    // A grant can be gone while the session lives: expired, or revoked because a code was replayed.
    const existing = grantId ? await provider.Grant.find(grantId) : undefined;
    if (existing) return existing;
    const remembered = consents.get(session.accountId, client.clientId);
    if (!remembered) return undefined;
    const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
    if (remembered.scopes.length) grant.addOIDCScope(remembered.scopes.join(" "));
    if (remembered.claims.length) grant.addOIDCClaims(remembered.claims);
    await grant.save();
    return grant;
  }

  const provider = new Provider(settings.issuer, {
    adapter: createSqliteAdapter(db),
    clients: [
      {
        client_id: settings.client.clientId,
        client_secret: settings.client.clientSecret,
        client_name: "Lambda Console",
        redirect_uris: settings.redirectUris,
        post_logout_redirect_uris: settings.postLogoutRedirectUris,
        // Refresh tokens let a console re-read the groups after the access token expires (issue 13).
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: keys.jwks,
    cookies: { keys: keys.cookieKeys },
    pkce: { required: () => true },
    // Auth.js builds the profile from the ID token, so the claims must be in it (notes/auth.md §2).
    conformIdTokenClaims: false,
    scopes: [...IDP_SCOPES],
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username"],
      email: ["email", "email_verified"],
      groups: ["groups"],
    },
    async findAccount(_ctx: unknown, sub: string) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: user.name,
        claims: () => ({
          sub: user.name,
          name: user.name,
          preferred_username: user.name,
          ...(user.email ? { email: user.email, email_verified: false } : {}),
          groups: user.groups,
        }),
      };
    },
    loadExistingGrant,
    // Without offline_access too: the console's session is bounded by its own absolute lifetime.
    async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) {
      return client.grantTypeAllowed("refresh_token");
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaishContext, form: string) {
          ctx.type = "html";
          ctx.body = renderLogout(form, ctx.host);
        },
        async postLogoutSuccessSource(ctx: KoaishContext) {
          ctx.type = "html";
          ctx.body = renderLoggedOut();
        },
      },
    },
    ttl: {
      AccessToken: settings.accessTokenTtlSeconds,
      RefreshToken: IDP_SESSION_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: IDP_SESSION_TTL_SECONDS,
      Grant: IDP_SESSION_TTL_SECONDS,
    },
    clientBasedCORS: () => false,
    async renderError(ctx: KoaishContext, out: Record<string, string>) {
      ctx.type = "html";
      ctx.body = renderError(out);
    },
  });
  return provider;
}
