// Starts the embedded IdP as its own process (as `npm start` does) and signs in with fetch the way
// Auth.js does: discovery, authorization code + PKCE (S256), login and consent forms, token,
// userinfo, end-session, and a restart that keeps the session.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CONSOLE_PORT = 3999;
const REDIRECT = `http://localhost:${CONSOLE_PORT}/api/auth/callback/oidc`;
const ADMIN_PASSWORD = "spec-admin-password";

class Jar {
  private cookies = new Map<string, string>();
  store(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = c.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=.*1970/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

let child: ChildProcess | undefined;
let dataDir: string;
let issuer: string;

async function startIdpProcess(): Promise<string> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/idp/main.ts")], {
    env: {
      ...process.env,
      LAMBDA_CONSOLE_DATA_DIR: dataDir,
      LAMBDA_IDP_PORT: "0",
      PORT: String(CONSOLE_PORT),
      LAMBDA_CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      AUTH_OIDC_CLIENT_ID: "",
      AUTH_OIDC_CLIENT_SECRET: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let out = "";
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /OpenID Connect issuer (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    proc.once("exit", (code) => reject(new Error(`IdP exited (${code}): ${out}`)));
  });
}

async function stopIdpProcess(): Promise<void> {
  const proc = child;
  child = undefined;
  if (!proc || proc.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    proc.once("exit", () => resolve());
    proc.kill("SIGTERM");
  });
}

function client(): { clientId: string; clientSecret: string } {
  return JSON.parse(fs.readFileSync(path.join(dataDir, "oidc-client.json"), "utf8")) as {
    clientId: string;
    clientSecret: string;
  };
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = crypto.randomBytes(32).toString("base64url");
  return { verifier, challenge: crypto.createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(challenge: string | null, state: string): string {
  const u = new URL("/auth", issuer);
  u.searchParams.set("client_id", client().clientId);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("scope", "openid profile email groups");
  u.searchParams.set("redirect_uri", REDIRECT);
  u.searchParams.set("state", state);
  if (challenge) {
    u.searchParams.set("code_challenge", challenge);
    u.searchParams.set("code_challenge_method", "S256");
  }
  return u.toString();
}

async function get(jar: Jar, url: string): Promise<Response> {
  const res = await fetch(new URL(url, issuer), {
    redirect: "manual",
    headers: { cookie: jar.header() },
  });
  jar.store(res);
  return res;
}

async function post(jar: Jar, url: string, form: Record<string, string>): Promise<Response> {
  const res = await fetch(new URL(url, issuer), {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  jar.store(res);
  return res;
}

/** Follows redirects inside the IdP; stops at the first one that leaves it (or a page). */
async function follow(jar: Jar, res: Response): Promise<Response | URL> {
  let current = res;
  for (let i = 0; i < 10; i++) {
    const loc = current.headers.get("location");
    if (current.status < 300 || current.status >= 400 || !loc) return current;
    const next = new URL(loc, issuer);
    if (next.origin !== new URL(issuer).origin) return next;
    current = await get(jar, next.toString());
  }
  throw new Error("redirect loop");
}

async function token(code: string, verifier: string): Promise<Response> {
  const { clientId, clientSecret } = client();
  return fetch(new URL("/token", issuer), {
    method: "POST",
    headers: {
      authorization:
        "Basic " +
        Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString(
          "base64",
        ),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    }),
  });
}

function decodeJwt(jwt: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signed: string;
  sig: Buffer;
} {
  const [h = "", p = "", s = ""] = jwt.split(".");
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>,
    signed: `${h}.${p}`,
    sig: Buffer.from(s, "base64url"),
  };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "idp-spec-"));
  issuer = await startIdpProcess();
});

afterAll(async () => {
  await stopIdpProcess();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("embedded IdP", () => {
  const jar = new Jar();
  let idToken = "";

  it("publishes discovery with S256 PKCE, the groups claim and end-session", async () => {
    const res = await fetch(new URL("/.well-known/openid-configuration", issuer));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(issuer);
    expect(doc.code_challenge_methods_supported).toEqual(["S256"]);
    expect(doc.claims_supported).toEqual(expect.arrayContaining(["groups", "name", "email"]));
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining(["openid", "profile", "email", "groups"]),
    );
    expect(doc.end_session_endpoint).toBe(`${issuer}/session/end`);
  });

  it("refuses an authorization request without PKCE", async () => {
    const res = await get(new Jar(), authorizeUrl(null, "s0"));
    const loc = new URL(res.headers.get("location") ?? "", issuer);
    expect(loc.origin + loc.pathname).toBe(REDIRECT);
    expect(loc.searchParams.get("error")).toBe("invalid_request");
    expect(loc.searchParams.get("error_description")).toMatch(/PKCE/);
  });

  it("signs in with code + PKCE: login form, wrong password, consent, token, userinfo", async () => {
    const { verifier, challenge } = pkce();
    const loginPage = await follow(jar, await get(jar, authorizeUrl(challenge, "s1")));
    expect(loginPage).toBeInstanceOf(Response);
    if (!(loginPage instanceof Response)) return;
    expect(loginPage.status).toBe(200);
    const html = await loginPage.text();
    expect(html).toContain("Sign in");
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // nothing loaded from the internet
    const action = /action="(\/interaction\/[^"]+\/login)"/.exec(html)?.[1] ?? "";
    expect(action).not.toBe("");

    const wrong = await post(jar, action, { username: "admin", password: "not-the-password" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("Wrong user name or password.");

    const consentPage = await follow(
      jar,
      await post(jar, action, { username: "admin", password: ADMIN_PASSWORD }),
    );
    if (!(consentPage instanceof Response)) throw new Error("expected the consent page");
    const consentHtml = await consentPage.text();
    expect(consentHtml).toContain("Allow access");
    expect(consentHtml).toContain("the groups you belong to");
    const confirm = /action="(\/interaction\/[^"]+\/confirm)"/.exec(consentHtml)?.[1] ?? "";

    const back = await follow(jar, await post(jar, confirm, {}));
    if (!(back instanceof URL))
      throw new Error(`expected a redirect to the console, got ${back.status}`);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("s1");
    expect(back.searchParams.get("iss")).toBe(issuer);
    const code = back.searchParams.get("code") ?? "";

    const tok = await token(code, verifier);
    expect(tok.status).toBe(200);
    const body = (await tok.json()) as {
      id_token: string;
      access_token: string;
      token_type: string;
    };
    idToken = body.id_token;
    const { header, payload, signed, sig } = decodeJwt(body.id_token);
    expect(header.alg).toBe("RS256");
    expect(payload).toMatchObject({
      iss: issuer,
      aud: client().clientId,
      sub: "admin",
      name: "admin",
      groups: ["lambda-admins"],
    });

    const jwks = (await (await fetch(new URL("/jwks", issuer))).json()) as {
      keys: (crypto.JsonWebKey & { kid: string })[];
    };
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    expect(jwk).toBeDefined();
    expect(jwk && "d" in jwk).toBe(false); // the private part never leaves the IdP
    const key = crypto.createPublicKey({ key: jwk ?? {}, format: "jwk" });
    expect(crypto.verify("RSA-SHA256", Buffer.from(signed), key, sig)).toBe(true);

    const me = await fetch(new URL("/me", issuer), {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(((await me.json()) as Record<string, unknown>).groups).toEqual(["lambda-admins"]);

    // A code is single-use.
    expect((await token(code, verifier)).status).toBe(400);
  });

  it("reuses the session and the remembered consent; a wrong code_verifier is refused", async () => {
    const { challenge } = pkce();
    const back = await follow(jar, await get(jar, authorizeUrl(challenge, "s2")));
    if (!(back instanceof URL)) throw new Error(`expected a straight redirect, got ${back.status}`);
    const code = back.searchParams.get("code") ?? "";
    const res = await token(code, pkce().verifier);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("keeps the session across an IdP restart (SQLite adapter, same keys)", async () => {
    await stopIdpProcess();
    issuer = await startIdpProcess();
    // Port 0 picks a new port; cookies are per host, not per port, so the session cookie still applies.
    const oldKid = decodeJwt(idToken).header.kid;
    const jwks = (await (await fetch(new URL("/jwks", issuer))).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toContain(oldKid);
    // The session survives: a new authorization goes straight back (issuer changed, so a fresh id_token).
    const { challenge } = pkce();
    const back = await follow(jar, await get(jar, authorizeUrl(challenge, "s3")));
    expect(back).toBeInstanceOf(URL);
    expect(back instanceof URL && back.searchParams.has("code")).toBe(true);
  });

  it("ends the IdP session at end-session; the next sign-in shows the login form, not consent", async () => {
    const { verifier, challenge } = pkce();
    const back = await follow(jar, await get(jar, authorizeUrl(challenge, "s4")));
    if (!(back instanceof URL)) throw new Error("expected a redirect");
    const tok = (await (await token(back.searchParams.get("code") ?? "", verifier)).json()) as {
      id_token: string;
    };

    const end = new URL("/session/end", issuer);
    end.searchParams.set("id_token_hint", tok.id_token);
    end.searchParams.set("post_logout_redirect_uri", `http://localhost:${CONSOLE_PORT}/`);
    const page = await get(jar, end.toString());
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? "";
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const done = await post(jar, action, { xsrf, logout: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`http://localhost:${CONSOLE_PORT}/`);

    const again = await follow(jar, await get(jar, authorizeUrl(pkce().challenge, "s5")));
    if (!(again instanceof Response)) throw new Error("expected the login form after sign-out");
    const loginHtml = await again.text();
    expect(loginHtml).toContain("Sign in");
    const login = /action="(\/interaction\/[^"]+\/login)"/.exec(loginHtml)?.[1] ?? "";
    const after = await follow(
      jar,
      await post(jar, login, { username: "admin", password: ADMIN_PASSWORD }),
    );
    expect(after instanceof URL && after.searchParams.has("code")).toBe(true);
  });
});
