import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { resolveDataDir, type EnvVars } from "../data-dir";

export type Env = EnvVars;

/** The data dir (lib/data-dir.ts), for callers that hold an env record. */
export function dataDirOf(env: Env): string {
  return resolveDataDir(env);
}

/** How long a sign-in at the IdP lasts; the console's own session is no longer than this. */
export const IDP_SESSION_TTL_SECONDS = 8 * 60 * 60;

/** The Auth.js provider id the console registers; its callback path ends with it. */
export const OIDC_PROVIDER_ID = "oidc";

export interface IdpClient {
  clientId: string;
  clientSecret: string;
}

export interface IdpSettings {
  host: string;
  port: number;
  issuer: string;
  dataDir: string;
  client: IdpClient;
  /** Where the console may send people back after sign-in and sign-out. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** LAMBDA_IDP_ACCESS_TOKEN_TTL (seconds, default 3600): short in tests of the refresh path. */
  accessTokenTtlSeconds: number;
}

function portEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}

/**
 * The console's OIDC client: AUTH_OIDC_CLIENT_ID/SECRET when both are set, else generated once into
 * <dataDir>/oidc-client.json (0600). The IdP and the console read the same file, so they agree.
 */
export function loadIdpClient(env: Env = process.env, dataDir = dataDirOf(env)): IdpClient {
  const id = env.AUTH_OIDC_CLIENT_ID;
  const secret = env.AUTH_OIDC_CLIENT_SECRET;
  if (id && secret) return { clientId: id, clientSecret: secret };
  const file = path.join(dataDir, "oidc-client.json");
  try {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<IdpClient>;
    if (saved.clientId && saved.clientSecret)
      return { clientId: saved.clientId, clientSecret: saved.clientSecret };
  } catch {
    // first start: generate below
  }
  const client = {
    clientId: "lambda-console",
    clientSecret: crypto.randomBytes(32).toString("base64url"),
  };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // wx: if the console and the IdP race at first start, the loser reads the winner's file.
  try {
    fs.writeFileSync(file, JSON.stringify(client, null, 2), { mode: 0o600, flag: "wx" });
  } catch {
    return loadIdpClient(env, dataDir);
  }
  return client;
}

/** The embedded IdP's issuer URL; the console uses it as AUTH_OIDC_ISSUER when that is unset. */
export function embeddedIssuer(env: Env = process.env): string {
  return `http://127.0.0.1:${portEnv(env, "LAMBDA_IDP_PORT", 9010)}`;
}

export function loadIdpSettings(env: Env = process.env): IdpSettings {
  const dataDir = dataDirOf(env);
  const port = portEnv(env, "LAMBDA_IDP_PORT", 9010);
  const consolePort = portEnv(env, "PORT", 3000);
  // Next rewrites 127.0.0.1 to localhost, so Auth.js sends the localhost form (notes/auth.md §1);
  // the 127.0.0.1 form is registered too for people who browse by IP with AUTH_URL set.
  const origins = [`http://localhost:${consolePort}`, `http://127.0.0.1:${consolePort}`];
  const extra = (env.LAMBDA_IDP_EXTRA_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const all = [...origins, ...extra.map((o) => o.replace(/\/+$/, ""))];
  return {
    host: "127.0.0.1",
    port,
    issuer: `http://127.0.0.1:${port}`,
    dataDir,
    client: loadIdpClient(env, dataDir),
    redirectUris: all.map((o) => `${o}/api/auth/callback/${OIDC_PROVIDER_ID}`),
    postLogoutRedirectUris: all.flatMap((o) => [`${o}/`, `${o}/login`]),
    accessTokenTtlSeconds: Math.max(1, Number(env.LAMBDA_IDP_ACCESS_TOKEN_TTL) || 3600),
  };
}
