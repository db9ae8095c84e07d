import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadAuthSecret, loadOidcSettings } from "./settings";

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "auth-settings-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("OIDC settings", () => {
  it("uses the external issuer exactly as given, with its client and a groups-free default scope", () => {
    const s = loadOidcSettings({
      AUTH_OIDC_ISSUER: "https://tenant.auth0.com/",
      AUTH_OIDC_CLIENT_ID: "id",
      AUTH_OIDC_CLIENT_SECRET: "secret",
      AUTH_OIDC_NAME: "Auth0",
    });
    expect(s).toMatchObject({
      issuer: "https://tenant.auth0.com/",
      clientId: "id",
      clientSecret: "secret",
      name: "Auth0",
      embedded: false,
    });
    expect(s.scope).toBe("openid profile email");
    expect(
      loadOidcSettings({ AUTH_OIDC_ISSUER: "https://x", AUTH_OIDC_SCOPE: "openid groups" }).scope,
    ).toBe("openid groups");
  });

  it("defaults to the embedded IdP and the client generated once in the data dir", () => {
    const dir = tmp();
    const a = loadOidcSettings({ LAMBDA_CONSOLE_DATA_DIR: dir, LAMBDA_IDP_PORT: "9555" });
    const b = loadOidcSettings({ LAMBDA_CONSOLE_DATA_DIR: dir, LAMBDA_IDP_PORT: "9555" });
    expect(a).toMatchObject({
      issuer: "http://127.0.0.1:9555",
      clientId: "lambda-console",
      embedded: true,
    });
    expect(a.scope).toContain("groups");
    expect(a.clientSecret.length).toBeGreaterThan(30);
    expect(b.clientSecret).toBe(a.clientSecret);
    expect(fs.statSync(path.join(dir, "oidc-client.json")).mode & 0o077).toBe(0);
  });

  it("AUTH_SECRET wins; otherwise one secret is generated and kept", () => {
    const dir = tmp();
    expect(loadAuthSecret({ AUTH_SECRET: "from-env", LAMBDA_CONSOLE_DATA_DIR: dir })).toBe(
      "from-env",
    );
    const first = loadAuthSecret({ LAMBDA_CONSOLE_DATA_DIR: dir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadAuthSecret({ LAMBDA_CONSOLE_DATA_DIR: dir })).toBe(first);
  });
});
