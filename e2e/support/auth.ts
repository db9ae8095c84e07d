import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { E2E_DATA_DIR, E2E_IDP_PORT, E2E_ROOT } from "./env";

/** The embedded IdP of the e2e run (playwright.config.ts sets these in the webServer env). */
export { E2E_IDP_PORT };
export const E2E_ADMIN_PASSWORD = "e2e-admin-password";
export const ADMIN_STATE = path.join(E2E_ROOT, ".tmp/e2e-auth/admin.json");

/** One user per role (and one without), created with the users CLI in the setup project. */
export const ROLE_USERS = {
  viewer: { name: "e2e-viewer", groups: "lambda-viewers" },
  developer: { name: "e2e-developer", groups: "lambda-developers" },
  operator: { name: "e2e-operator", groups: "lambda-operators" },
  admin: { name: "admin", groups: "lambda-admins" },
  none: { name: "e2e-norole", groups: "staff" },
} as const;
export const ROLE_USER_PASSWORD = "e2e-role-password";

/** `npm run users -- <args>` against the e2e data dir, as an operator would run it. */
export function usersCli(args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/users.ts", ...args], {
    cwd: E2E_ROOT,
    env: { ...process.env, LAMBDA_CONSOLE_DATA_DIR: E2E_DATA_DIR },
    encoding: "utf8",
  });
}

/** Signs in through the console's sign-in page and the IdP's login (and, once, consent) page. */
export async function signInThroughIdp(
  page: Page,
  name: string,
  password: string,
  to = "/",
): Promise<void> {
  await page.goto(to);
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("button", { name: /^Sign in with/ }).click();
  await expect(page).toHaveURL(new RegExp(`127\\.0\\.0\\.1:${E2E_IDP_PORT}/interaction/`));
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const allow = page.getByRole("button", { name: "Allow" });
  // Consent is asked once per user and remembered by the IdP.
  await page.waitForURL(
    (url) => url.port !== String(E2E_IDP_PORT) || url.pathname.startsWith("/interaction/"),
  );
  if (await allow.isVisible().catch(() => false)) await allow.click();
  await expect(page).not.toHaveURL(new RegExp(`:${E2E_IDP_PORT}/`));
}

interface ManifestEntry {
  exportedName?: string;
  filename?: string;
}

/**
 * The id Next gave a server action in the built console, so specs can post to it directly,
 * without the UI (what an attacker with a valid session cookie could do).
 */
export function serverActionId(filename: string, exportedName: string): string {
  const file = path.join(E2E_ROOT, ".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const hit = Object.entries(manifest.node).find(
    ([, e]) => e.filename === filename && e.exportedName === exportedName,
  );
  if (!hit)
    throw new Error(`no server action ${exportedName} in ${filename} (is the console built?)`);
  return hit[0];
}

/**
 * Calls a server action the way React's client does (Next-Action header, JSON-encoded arguments)
 * with the page's cookies; returns the raw RSC response text, which carries the action's result.
 */
export async function postServerAction(
  page: Page,
  pagePath: string,
  actionId: string,
  args: unknown[],
): Promise<{ status: number; body: string }> {
  const res = await page.request.post(pagePath, {
    headers: {
      "Next-Action": actionId,
      Accept: "text/x-component",
      "Content-Type": "text/plain;charset=UTF-8",
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: res.status(), body: await res.text() };
}
