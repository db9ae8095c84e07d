import { defineConfig } from "@playwright/test";
import {
  E2E_DATA_DIR,
  E2E_ENGINE_PORT,
  E2E_IDP_PORT,
  E2E_PORT,
  E2E_REGISTRY_PORT,
  E2E_SECOND_CONSOLE_PORT,
} from "./e2e/support/env";

const PORT = E2E_PORT;
const ENGINE_PORT = E2E_ENGINE_PORT;
const CI = Boolean(process.env.CI);

/**
 * Extra targets for the smoke spec: an AWS-style target whose endpoint refuses connections
 * (port 9 on loopback), reached with a fake profile from e2e/fixtures, so switching to it must
 * show a clear "cannot reach" error rather than a crash.
 */
const E2E_TARGETS = {
  targets: [
    {
      id: "staging-unreachable",
      label: "Staging (unreachable)",
      profile: "e2e-staging",
      region: "eu-west-1",
      environment: "staging",
      endpoint: "http://127.0.0.1:9",
    },
  ],
};

export default defineConfig({
  testDir: "e2e",
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // One worker: specs share one engine, and the list must be empty when the smoke spec looks.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: CI ? "list" : [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      // Debian's Chromium: `npx playwright install` cannot download here.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // Signs in once through the embedded IdP and saves the admin's session (issue 6).
    { name: "setup", testMatch: /auth\.setup\.ts/, use: { browserName: "chromium" } },
    {
      name: "chromium",
      use: { browserName: "chromium", storageState: ".tmp/e2e-auth/admin.json" },
      dependencies: ["setup"],
    },
  ],
  webServer: {
    // A fresh data dir per run: no functions, new engine keys.
    command: `rm -rf ${E2E_DATA_DIR} && node scripts/start.mjs`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !CI,
    timeout: 240_000,
    // SIGTERM lets the launcher stop the engine and console it started (SIGKILL would orphan them).
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      LAMBDA_ENGINE_PORT: String(ENGINE_PORT),
      LAMBDA_CONSOLE_DATA_DIR: E2E_DATA_DIR,
      // The engine's image registry (console and engine read the same variable); not 5000, which
      // a developer's own `npm start` or another e2e run may hold.
      LAMBDA_REGISTRY_PORT: String(E2E_REGISTRY_PORT),
      // Node.js 22/24 for nodejsNN.x functions, fetched once for all runs (not per fresh data dir).
      LAMBDA_ENGINE_NODE_DIST_DIR: ".tmp/node-dist",
      // The embedded IdP: a known admin password, and the misconfigured-client spec's second console.
      LAMBDA_IDP_PORT: String(E2E_IDP_PORT),
      LAMBDA_CONSOLE_ADMIN_PASSWORD: "e2e-admin-password",
      LAMBDA_IDP_EXTRA_ORIGINS: `http://localhost:${E2E_SECOND_CONSOLE_PORT}`,
      LAMBDA_CONSOLE_TARGETS: JSON.stringify(E2E_TARGETS),
      // Ignore a developer's own lambda-console.config.json.
      LAMBDA_CONSOLE_CONFIG: "e2e/fixtures/lambda-console.config.json",
      AWS_CONFIG_FILE: "e2e/fixtures/aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "e2e/fixtures/aws-credentials",
    },
  },
});
