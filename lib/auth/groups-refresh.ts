import "server-only";
import { readGroupsClaim } from "../access/role-map";
import type { IdpSession } from "./idp-session-store";

export interface RefreshClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim holding the groups (AUTH_ROLES_CLAIM). */
  claim: string;
}

type Update = Pick<
  IdpSession,
  "groups" | "checkedAt" | "accessToken" | "accessExpiresAt" | "refreshToken"
>;

export type RefreshOutcome = { ok: true; update: Update } | { ok: false; reason: string };

interface Endpoints {
  userinfo: string;
  token: string;
}

const discovery = new Map<string, Promise<Endpoints>>();

function endpointsOf(issuer: string): Promise<Endpoints> {
  let found = discovery.get(issuer);
  if (!found) {
    found = fetch(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    })
      .then((r) => {
        if (!r.ok) throw new Error(`discovery answered ${r.status}`);
        return r.json() as Promise<{ userinfo_endpoint?: unknown; token_endpoint?: unknown }>;
      })
      .then((doc) => {
        if (typeof doc.userinfo_endpoint !== "string" || typeof doc.token_endpoint !== "string")
          throw new Error("the IdP has no userinfo or token endpoint");
        return { userinfo: doc.userinfo_endpoint, token: doc.token_endpoint };
      });
    // A failed discovery is retried next time rather than cached.
    found.catch(() => discovery.delete(issuer));
    discovery.set(issuer, found);
  }
  return found;
}

function decodeJwtPayload(jwt: string): Record<string, unknown> | null {
  const part = jwt.split(".")[1];
  if (!part) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function refreshTokens(
  client: RefreshClient,
  tokenEndpoint: string,
  refreshToken: string,
  now: number,
): Promise<
  | {
      accessToken: string;
      accessExpiresAt: number | null;
      refreshToken: string;
      idClaims: Record<string, unknown> | null;
    }
  | string
> {
  const basic = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
  ).toString("base64");
  const res = await fetch(tokenEndpoint, {
    method: "POST",
    headers: {
      authorization: `Basic ${basic}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || typeof body.access_token !== "string")
    return `the IdP refused the refresh token (${String(body.error ?? res.status)})`;
  return {
    accessToken: body.access_token,
    accessExpiresAt: typeof body.expires_in === "number" ? now + body.expires_in * 1000 : null,
    // Rotated when the IdP sends a new one, else the old one stays valid.
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : refreshToken,
    // Straight from the token endpoint over the back channel (OIDC Core 3.1.3.7 §6).
    idClaims: typeof body.id_token === "string" ? decodeJwtPayload(body.id_token) : null,
  };
}

/**
 * Reads the user's current groups from the IdP: userinfo with the access token, refreshing it
 * first when it expired (or when userinfo refuses it). Any failure ends the session: membership
 * that cannot be confirmed is not assumed.
 */
export async function rereadGroups(
  s: IdpSession,
  client: RefreshClient,
  now = Date.now(),
): Promise<RefreshOutcome> {
  try {
    const ep = await endpointsOf(client.issuer);
    let accessToken = s.accessToken;
    let accessExpiresAt = s.accessExpiresAt;
    let refreshToken = s.refreshToken;
    let idClaims: Record<string, unknown> | null = null;
    const refresh = async (): Promise<string | null> => {
      if (!refreshToken)
        return "the session's access token expired and the IdP gave no refresh token";
      const r = await refreshTokens(client, ep.token, refreshToken, now);
      if (typeof r === "string") return r;
      ({ accessToken, accessExpiresAt, refreshToken, idClaims } = r);
      return null;
    };
    if (!accessToken || (accessExpiresAt !== null && accessExpiresAt <= now + 10_000)) {
      const failed = await refresh();
      if (failed) return { ok: false, reason: failed };
    }
    const userinfo = () =>
      fetch(ep.userinfo, {
        headers: { authorization: `Bearer ${accessToken ?? ""}`, accept: "application/json" },
        signal: AbortSignal.timeout(5000),
      });
    let res = await userinfo();
    if (res.status === 401 && idClaims === null && refreshToken) {
      const failed = await refresh();
      if (failed) return { ok: false, reason: failed };
      res = await userinfo();
    }
    if (!res.ok) return { ok: false, reason: `userinfo answered ${res.status}` };
    const claims = (await res.json()) as Record<string, unknown>;
    if (claims.sub !== s.subject) return { ok: false, reason: "userinfo is for another subject" };
    // Some IdPs (Entra ID) put groups in the ID token only.
    const source = Object.hasOwn(claims, client.claim) || !idClaims ? claims : idClaims;
    return {
      ok: true,
      update: {
        groups: readGroupsClaim(source, client.claim),
        checkedAt: now,
        accessToken,
        accessExpiresAt,
        refreshToken,
      },
    };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
