import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { E2E_DATA_DIR, E2E_ENGINE_PORT, E2E_ROOT } from "./env";

/**
 * A console whose IdP is external to it (issue 13): the embedded IdP run as its own process, with
 * its own data dir and port, and a console pointed at it with AUTH_OIDC_ISSUER, as a team would
 * point it at Okta. The console also has a production-labelled target (the e2e engine again).
 */
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const ACCESS_CONSOLE_PORT = 3104 + OFFSET;
export const ACCESS_IDP_PORT = 9111 + OFFSET;
const IDP_DIR = path.join(E2E_ROOT, ".tmp/e2e-access-idp");
const CONSOLE_DIR = path.join(E2E_ROOT, ".tmp/e2e-access-console");
export const ACCESS_PASSWORD = "e2e-access-password";
/** Absolute session lifetime of this console (seconds), short enough to watch it end. */
export const ACCESS_SESSION_SECONDS = 40;

const ACCESS_TARGETS = {
  targets: [
    {
      id: "prod",
      label: "Production (e2e engine)",
      profile: "e2e-prod",
      region: "us-east-1",
      environment: "production",
      endpoint: `http://127.0.0.1:${E2E_ENGINE_PORT}`,
    },
  ],
  access: [
    { group: "lambda-admins", role: "admin", targets: ["*"] },
    { group: "lambda-prod-operators", role: "operator", targets: ["production"] },
    { group: "lambda-viewers", role: "viewer", targets: ["local"] },
  ],
};

/** `npm run users` against the external IdP's data dir. */
export function idpUsers(args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/users.ts", ...args], {
    cwd: E2E_ROOT,
    env: { ...process.env, LAMBDA_CONSOLE_DATA_DIR: IDP_DIR },
    encoding: "utf8",
  });
}

/** Output of the stack's processes, for a failed run: .tmp/e2e-access-<name>.log. */
function logTo(name: string): number {
  return fs.openSync(path.join(E2E_ROOT, `.tmp/e2e-access-${name}.log`), "w");
}

/** Waits (Playwright's expect.poll) until `url` answers below 500: the process is serving. */
async function waitFor(url: string): Promise<void> {
  await expect
    .poll(
      () =>
        fetch(url).then(
          (r) => r.status < 500,
          () => false,
        ),
      { message: `${url} did not come up`, timeout: 90_000 },
    )
    .toBe(true);
}

function stop(p: ChildProcess | undefined): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once("exit", () => resolve());
    p.kill("SIGTERM");
  });
}

export interface AccessStack {
  stop(): Promise<void>;
}

export async function startAccessStack(): Promise<AccessStack> {
  fs.rmSync(IDP_DIR, { recursive: true, force: true });
  fs.rmSync(CONSOLE_DIR, { recursive: true, force: true });
  fs.mkdirSync(CONSOLE_DIR, { recursive: true });
  const idp = spawn(process.execPath, ["--import", "tsx", "lib/idp/main.ts"], {
    cwd: E2E_ROOT,
    env: {
      ...process.env,
      LAMBDA_CONSOLE_DATA_DIR: IDP_DIR,
      LAMBDA_IDP_PORT: String(ACCESS_IDP_PORT),
      PORT: String(ACCESS_CONSOLE_PORT),
      LAMBDA_CONSOLE_ADMIN_PASSWORD: ACCESS_PASSWORD,
      // Short-lived access tokens: the console must use the refresh token to re-read groups.
      LAMBDA_IDP_ACCESS_TOKEN_TTL: "5",
    },
    stdio: ["ignore", logTo("idp"), logTo("idp")],
  });
  let console_: ChildProcess | undefined;
  try {
    await waitFor(`http://127.0.0.1:${ACCESS_IDP_PORT}/.well-known/openid-configuration`);
    const client = JSON.parse(fs.readFileSync(path.join(IDP_DIR, "oidc-client.json"), "utf8")) as {
      clientId: string;
      clientSecret: string;
    };
    const engine = JSON.parse(
      fs.readFileSync(path.join(E2E_ROOT, E2E_DATA_DIR, "engine-credentials.json"), "utf8"),
    ) as { accessKeyId: string; secretAccessKey: string };
    // The production target's profile holds the e2e engine's keys.
    fs.writeFileSync(
      path.join(CONSOLE_DIR, "aws-config"),
      "[profile e2e-prod]\nregion = us-east-1\n",
    );
    fs.writeFileSync(
      path.join(CONSOLE_DIR, "aws-credentials"),
      `[e2e-prod]\naws_access_key_id = ${engine.accessKeyId}\naws_secret_access_key = ${engine.secretAccessKey}\n`,
      { mode: 0o600 },
    );
    console_ = spawn(
      process.execPath,
      [
        path.join(E2E_ROOT, "node_modules/next/dist/bin/next"),
        "start",
        "-H",
        "127.0.0.1",
        "-p",
        String(ACCESS_CONSOLE_PORT),
      ],
      {
        cwd: E2E_ROOT,
        env: {
          ...process.env,
          PORT: String(ACCESS_CONSOLE_PORT),
          LAMBDA_CONSOLE_DATA_DIR: CONSOLE_DIR,
          LAMBDA_ENGINE_PORT: String(E2E_ENGINE_PORT),
          LAMBDA_ENGINE_ACCESS_KEY_ID: engine.accessKeyId,
          LAMBDA_ENGINE_SECRET_ACCESS_KEY: engine.secretAccessKey,
          AUTH_OIDC_ISSUER: `http://127.0.0.1:${ACCESS_IDP_PORT}`,
          AUTH_OIDC_CLIENT_ID: client.clientId,
          AUTH_OIDC_CLIENT_SECRET: client.clientSecret,
          AUTH_OIDC_SCOPE: "openid profile email groups",
          AUTH_OIDC_NAME: "Team SSO",
          AUTH_GROUPS_REFRESH: "2",
          AUTH_SESSION_MAX_AGE: String(ACCESS_SESSION_SECONDS),
          LAMBDA_CONSOLE_CONFIG: "e2e/fixtures/lambda-console.config.json",
          LAMBDA_CONSOLE_TARGETS: JSON.stringify(ACCESS_TARGETS),
          AWS_CONFIG_FILE: path.join(CONSOLE_DIR, "aws-config"),
          AWS_SHARED_CREDENTIALS_FILE: path.join(CONSOLE_DIR, "aws-credentials"),
        },
        stdio: ["ignore", logTo("console"), logTo("console")],
      },
    );
    await waitFor(`http://127.0.0.1:${ACCESS_CONSOLE_PORT}/login`);
  } catch (err) {
    await Promise.all([stop(console_), stop(idp)]);
    throw err;
  }
  return {
    stop: async () => {
      await Promise.all([stop(console_), stop(idp)]);
    },
  };
}
