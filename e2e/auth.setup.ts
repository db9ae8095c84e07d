import fs from "node:fs";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import {
  ADMIN_STATE,
  E2E_ADMIN_PASSWORD,
  ROLE_USER_PASSWORD,
  ROLE_USERS,
  signInThroughIdp,
  usersCli,
} from "./support/auth";

setup("create one user per role with the users CLI", () => {
  const existing = usersCli(["list"]);
  for (const u of Object.values(ROLE_USERS)) {
    if (u.name === "admin") continue; // created by the IdP's first start from LAMBDA_CONSOLE_ADMIN_PASSWORD
    if (!existing.split("\n").some((line) => line.startsWith(`${u.name}\t`))) {
      usersCli(["add", u.name, "--groups", u.groups, "--password", ROLE_USER_PASSWORD]);
    }
  }
  const listed = usersCli(["list"]);
  for (const u of Object.values(ROLE_USERS)) expect(listed).toContain(`${u.name}\t${u.groups}`);
});

setup("sign in as admin through the embedded IdP and keep the session", async ({ page }) => {
  await signInThroughIdp(page, "admin", E2E_ADMIN_PASSWORD);
  await expect(page.getByRole("banner").locator("summary")).toHaveText(/admin/);
  fs.mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
  await page.context().storageState({ path: ADMIN_STATE });
});
