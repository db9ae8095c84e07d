import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  dataDirOf,
  embeddedIssuer,
  loadIdpClient,
  OIDC_PROVIDER_ID,
  type Env,
} from "../idp/config";

export interface OidcSettings {
  providerId: string;
  /** Shown on the sign-in button: "Sign in with <name>". */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** True when the console signs in through its own embedded IdP (AUTH_OIDC_ISSUER unset). */
  embedded: boolean;
}

/**
 * The OIDC provider from env: AUTH_OIDC_ISSUER / _CLIENT_ID / _CLIENT_SECRET / _NAME / _SCOPE. Without
 * an issuer, the embedded IdP (lib/idp) and its generated client in the data dir.
 */
export function loadOidcSettings(env: Env = process.env): OidcSettings {
  const issuer = env.AUTH_OIDC_ISSUER?.trim();
  if (issuer) {
    const clientId = env.AUTH_OIDC_CLIENT_ID ?? "";
    const clientSecret = env.AUTH_OIDC_CLIENT_SECRET ?? "";
    return {
      providerId: OIDC_PROVIDER_ID,
      name: env.AUTH_OIDC_NAME?.trim() || "your identity provider",
      // Kept exactly as given: it must equal the discovery document's issuer (Auth0 ends it with "/").
      issuer,
      clientId,
      clientSecret,
      // Entra ID and Google reject an unknown "groups" scope, so external IdPs opt in (Okta needs it).
      scope: env.AUTH_OIDC_SCOPE?.trim() || "openid profile email",
      embedded: false,
    };
  }
  const client = loadIdpClient(env, dataDirOf(env));
  return {
    providerId: OIDC_PROVIDER_ID,
    name: env.AUTH_OIDC_NAME?.trim() || "Lambda Console accounts",
    issuer: embeddedIssuer(env),
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: env.AUTH_OIDC_SCOPE?.trim() || "openid profile email groups",
    embedded: true,
  };
}

/** AUTH_SECRET, else one generated once into <dataDir>/auth-secret (0600) so restarts keep sessions. */
export function loadAuthSecret(env: Env = process.env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const dataDir = dataDirOf(env);
  const file = path.join(dataDir, "auth-secret");
  try {
    const saved = fs.readFileSync(file, "utf8").trim();
    if (saved.length >= 32) return saved;
  } catch {
    // first start: generate below
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), {
      mode: 0o600,
      flag: "wx",
    });
  } catch {
    // another process won the race; read its secret
  }
  return fs.readFileSync(file, "utf8").trim();
}
