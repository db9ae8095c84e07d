// The embedded IdP as a separate process, driven as a console would: sign-in lockouts keyed by user
// and address (issue 13), and re-reading groups through userinfo and the refresh token.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConsoleDb } from "../console-db/db";
import { AuditStore } from "../audit/store";
import { rereadGroups } from "../auth/groups-refresh";
import { SignInThrottle } from "./sign-in-throttle";
import { UserStore } from "./user-store";

const CONSOLE_PORT = 3998;
const REDIRECT = `http://localhost:${CONSOLE_PORT}/api/auth/callback/oidc`;
const PASSWORD = "spec-access-password";
const GENERATED = "generated-one-time-pw";

let child: ChildProcess | undefined;
let dataDir: string;
let issuer: string;

class Jar {
  private cookies = new Map<string, string>();
  store(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1).trim();
      if (value) this.cookies.set(pair.slice(0, eq).trim(), value);
      else this.cookies.delete(pair.slice(0, eq).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function send(jar: Jar, url: string, form?: Record<string, string>): Promise<Response> {
  const res = await fetch(new URL(url, issuer), {
    method: form ? "POST" : "GET",
    redirect: "manual",
    headers: {
      cookie: jar.header(),
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });
  jar.store(res);
  return res;
}

async function follow(jar: Jar, res: Response): Promise<Response | URL> {
  let current = res;
  for (let i = 0; i < 10; i++) {
    const loc = current.headers.get("location");
    if (current.status < 300 || current.status >= 400 || !loc) return current;
    const next = new URL(loc, issuer);
    if (next.origin !== new URL(issuer).origin) return next;
    current = await send(jar, next.toString());
  }
  throw new Error("redirect loop");
}

function client() {
  return JSON.parse(fs.readFileSync(path.join(dataDir, "oidc-client.json"), "utf8")) as {
    clientId: string;
    clientSecret: string;
  };
}

/** The login form's action for a fresh authorization request. */
async function loginForm(jar: Jar): Promise<{ action: string; verifier: string }> {
  const verifier = crypto.randomBytes(32).toString("base64url");
  const u = new URL("/auth", issuer);
  u.searchParams.set("client_id", client().clientId);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("scope", "openid profile email groups");
  u.searchParams.set("redirect_uri", REDIRECT);
  u.searchParams.set("state", "s");
  u.searchParams.set(
    "code_challenge",
    crypto.createHash("sha256").update(verifier).digest("base64url"),
  );
  u.searchParams.set("code_challenge_method", "S256");
  const page = await follow(jar, await send(jar, u.toString()));
  if (!(page instanceof Response)) throw new Error("expected the login page");
  const action = /action="(\/interaction\/[^"]+\/login)"/.exec(await page.text())?.[1];
  if (!action) throw new Error("no login form");
  return { action, verifier };
}

/** Signs in (and consents) and returns the token response, as Auth.js receives it. */
async function signIn(name: string): Promise<Record<string, unknown>> {
  const jar = new Jar();
  const { action, verifier } = await loginForm(jar);
  let next = await follow(jar, await send(jar, action, { username: name, password: PASSWORD }));
  if (next instanceof Response) {
    const confirm = /action="(\/interaction\/[^"]+\/confirm)"/.exec(await next.text())?.[1];
    if (!confirm) throw new Error(`no consent form (${next.status})`);
    next = await follow(jar, await send(jar, confirm, {}));
  }
  if (!(next instanceof URL)) throw new Error("expected the redirect back");
  const { clientId, clientSecret } = client();
  const tok = await fetch(new URL("/token", issuer), {
    method: "POST",
    headers: {
      authorization: "Basic " + Buffer.from(`${clientId}:${clientSecret}`).toString("base64"),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: next.searchParams.get("code") ?? "",
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    }),
  });
  expect(tok.status).toBe(200);
  return (await tok.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "idp-access-"));
  const db = openConsoleDb(dataDir);
  const users = new UserStore(db);
  for (const [name, group] of [
    ["erin", "lambda-admins"],
    ["frank", "lambda-viewers"],
  ] as const)
    await users.add({ name, password: PASSWORD, groups: [group], email: null, chosen: true });
  // As the Users page adds people: a generated password, to be replaced at the first sign-in.
  await users.add({ name: "gina", password: GENERATED, groups: ["lambda-viewers"], email: null });
  db.close();
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/idp/main.ts")], {
    env: {
      ...process.env,
      LAMBDA_CONSOLE_DATA_DIR: dataDir,
      LAMBDA_IDP_PORT: "0",
      PORT: String(CONSOLE_PORT),
      LAMBDA_CONSOLE_ADMIN_PASSWORD: PASSWORD,
      LAMBDA_IDP_ACCESS_TOKEN_TTL: "1",
      AUTH_OIDC_CLIENT_ID: "",
      AUTH_OIDC_CLIENT_SECRET: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let out = "";
  issuer = await new Promise((resolve, reject) => {
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /OpenID Connect issuer (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    proc.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    proc.once("exit", (code) => reject(new Error(`IdP exited (${code}): ${out}`)));
  });
}, 60_000);

afterAll(async () => {
  const proc = child;
  if (proc && proc.exitCode === null)
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("sign-in lockout at the embedded IdP", () => {
  it("locks a user from this address after 5 failures, audits it, and an admin's unlock lifts it", async () => {
    const jar = new Jar();
    const { action } = await loginForm(jar);
    for (let i = 0; i < 5; i++) {
      const wrong = await send(jar, action, { username: "frank", password: "guess" });
      expect(wrong.status).toBe(401);
    }
    // Even the right password is refused now, without being checked.
    const locked = await send(jar, action, { username: "frank", password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/Too many failed attempts; try again in \d+ seconds/);

    const db = openConsoleDb(dataDir);
    try {
      const entries = new AuditStore(db).query({ action: "auth.lockout" });
      expect(entries[0]).toMatchObject({ actor: "frank", result: "refused" });
      expect(entries[0]?.resource).toMatch(/^frank from /);
      // Another user from the same address is not locked (5 < the address-wide 50).
      const other = await send(jar, action, { username: "erin", password: "guess" });
      expect(other.status).toBe(401);
      const throttle = new SignInThrottle(db);
      const lock = throttle.listLocked().find((l) => l.userName === "frank");
      expect(lock).toBeDefined();
      throttle.unlock(lock?.key ?? "");
    } finally {
      db.close();
    }
    const after = await follow(
      jar,
      await send(jar, action, { username: "frank", password: PASSWORD }),
    );
    expect(after instanceof URL || after.status === 200).toBe(true);
  });
});

describe("re-reading groups from the IdP", () => {
  it("follows group changes through userinfo and the refresh token, and fails once the user is gone", async () => {
    const tokens = await signIn("erin");
    expect(typeof tokens.refresh_token).toBe("string");
    const { clientId, clientSecret } = client();
    const rc = { issuer, clientId, clientSecret, claim: "groups" };
    const session = {
      id: "s1",
      subject: "erin",
      signedInAt: Date.now(),
      groups: ["lambda-admins"],
      checkedAt: Date.now(),
      accessToken: String(tokens.access_token),
      // Already expired (the IdP gives 1 s here): the refresh token must be used.
      accessExpiresAt: Date.now() - 1,
      refreshToken: String(tokens.refresh_token),
    };
    const db = openConsoleDb(dataDir);
    const users = new UserStore(db);
    try {
      users.setGroups("erin", ["lambda-viewers"]);
      const first = await rereadGroups(session, rc);
      expect(first).toMatchObject({ ok: true, update: { groups: ["lambda-viewers"] } });
      if (!first.ok) return;
      expect(first.update.accessToken).not.toBe(session.accessToken);

      users.remove("erin");
      const gone = await rereadGroups({ ...session, ...first.update }, rc);
      expect(gone.ok).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe("a generated or reset password", () => {
  it("must be replaced at the first sign-in before the console gets a code", async () => {
    const jar = new Jar();
    const { action } = await loginForm(jar);
    const first = await send(jar, action, { username: "gina", password: GENERATED });
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain("Choose a new password");
    const change = /action="(\/interaction\/[^"]+\/password)"/.exec(html)?.[1] ?? "";
    // Posting the login form again does not skip it.
    const again = await send(jar, action, { username: "gina", password: GENERATED });
    expect(await again.text()).toContain("Choose a new password");
    const form = { username: "gina", password: GENERATED };
    const mismatch = await send(jar, change, {
      ...form,
      new_password: "a-new-long-password",
      confirm: "other",
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("The new passwords differ.");
    const same = await send(jar, change, { ...form, new_password: GENERATED, confirm: GENERATED });
    expect(await same.text()).toContain("Choose a password other than the one you were given.");
    const wrongCurrent = await send(jar, change, {
      username: "gina",
      password: "not-it-at-all",
      new_password: "a-new-long-password",
      confirm: "a-new-long-password",
    });
    expect(wrongCurrent.status).toBe(401);
    const done = await follow(
      jar,
      await send(jar, change, {
        ...form,
        new_password: "a-new-long-password",
        confirm: "a-new-long-password",
      }),
    );
    // Past the login: consent (or the redirect back), not the change form.
    if (done instanceof Response) expect(await done.text()).toContain("Allow access");
    const db = openConsoleDb(dataDir);
    try {
      const users = new UserStore(db);
      expect(users.mustChangePassword("gina")).toBe(false);
      expect(await users.verify("gina", "a-new-long-password")).not.toBeNull();
      await users.setPassword("gina", "reset-by-an-admin");
      expect(users.mustChangePassword("gina")).toBe(true);
    } finally {
      db.close();
    }
  });
});
