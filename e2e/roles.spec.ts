import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  ADMIN_STATE,
  E2E_ADMIN_PASSWORD,
  ROLE_USER_PASSWORD,
  ROLE_USERS,
  postServerAction,
  serverActionId,
  signInThroughIdp,
  usersCli,
} from "./support/auth";

type Role = "viewer" | "developer" | "operator";

async function signedInPage(browser: Browser, who: keyof typeof ROLE_USERS): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const password = who === "admin" ? E2E_ADMIN_PASSWORD : ROLE_USER_PASSWORD;
  await signInThroughIdp(page, ROLE_USERS[who].name, password);
  return page;
}

const ADD_USER = () => serverActionId("app/(console)/users/actions.ts", "addUser");
const SWITCH_TARGET = () => serverActionId("app/(console)/actions.ts", "switchTarget");

for (const role of ["viewer", "developer", "operator"] as const satisfies readonly Role[]) {
  test(`${role}: reads the console, no admin pages, admin actions refused even when posted directly`, async ({
    browser,
  }) => {
    const page = await signedInPage(browser, role);
    await expect(page.getByRole("banner").locator("summary")).toHaveText(
      new RegExp(ROLE_USERS[role].name),
    );

    // The UI hides what the role cannot do...
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Functions" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

    // ...and the server refuses it anyway.
    for (const path of ["/audit", "/users"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/not-allowed\?permission=admin/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not allowed");
      await expect(page.getByText(`Your role, ${role}, does not allow this page`)).toBeVisible();
    }

    const intruder = `e2e-by-${role}`;
    const refused = await postServerAction(page, "/users", ADD_USER(), [
      { name: intruder, groups: "lambda-admins" },
    ]);
    expect(refused.body).toContain(
      'Your role does not allow this (it needs the \\"admin\\" permission).',
    );
    expect(usersCli(["list"])).not.toContain(intruder);

    // A read-level action is allowed for every role.
    const allowed = await postServerAction(page, "/", SWITCH_TARGET(), [{ targetId: "local" }]);
    expect(allowed.body).toContain('"ok":true');
    await page.context().close();
  });
}

test("a user whose groups map to no role gets a clear page and no access", async ({ browser }) => {
  const page = await signedInPage(browser, "none");
  await expect(page).toHaveURL(/\/no-role$/);
  await expect(
    page.getByText(
      "your account has no role in Lambda Console; ask an admin to add you to one of these groups:",
    ),
  ).toBeVisible();
  for (const g of ["lambda-admins", "lambda-operators", "lambda-developers", "lambda-viewers"]) {
    await expect(page.getByRole("listitem").filter({ hasText: g })).toBeVisible();
  }
  await page.goto("/functions");
  await expect(page).toHaveURL(/\/no-role$/);
  const refused = await postServerAction(page, "/", SWITCH_TARGET(), [{ targetId: "local" }]);
  expect(refused.body).toContain('"ok":false');
  await page.context().close();
});

test.describe("admin", () => {
  test.use({ storageState: ADMIN_STATE });

  test("adds and removes users from the Users page; the Audit page shows it and the refusals", async ({
    page,
  }) => {
    const name = `e2e-new-${Date.now().toString(36)}`;
    await page.goto("/users");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
    await page.getByLabel("User name").fill(name);
    await page.getByLabel("Groups (comma-separated)").fill("lambda-viewers");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("status").first()).toContainText(
      `Added ${name}. One-time password (shown once):`,
    );
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("viewer");
    expect(usersCli(["list"])).toContain(`${name}\tlambda-viewers`);

    await row.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);

    // Posted directly, the admin's action works too (same guard, right role).
    const direct = `e2e-direct-${Date.now().toString(36)}`;
    const res = await postServerAction(page, "/users", ADD_USER(), [
      { name: direct, groups: "lambda-viewers" },
    ]);
    expect(res.body).toContain('"ok":true');
    expect(usersCli(["list"])).toContain(direct);
    usersCli(["remove", direct]);

    await page.goto(`/audit?action=users.add&result=ok`);
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("ok");
    await page.goto("/audit");
    await page.getByLabel("User").selectOption(ROLE_USERS.viewer.name);
    await page.getByLabel("Result").selectOption("refused");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/actor=e2e-viewer/);
    const refusedRow = page
      .getByRole("table", { name: "Audit entries" })
      .getByRole("row")
      .filter({ hasText: "users.add" })
      .first();
    await expect(refusedRow).toContainText("refused");
    await expect(refusedRow).toContainText("e2e-by-viewer");
    await expect(refusedRow).toContainText('needs the "admin" permission');
  });
});

test("a removed user loses access at the next request; a group change applies at once", async ({
  browser,
}) => {
  const name = `e2e-temp-${Date.now().toString(36)}`;
  usersCli(["add", name, "--groups", "lambda-viewers", "--password", ROLE_USER_PASSWORD]);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInThroughIdp(page, name, ROLE_USER_PASSWORD, "/functions");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }),
  ).toHaveCount(0);

  usersCli(["groups", name, "lambda-admins"]);
  await page.goto("/users");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");

  usersCli(["remove", name]);
  await page.goto("/functions");
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});

// The role × permission matrix over every action and route handler: role-matrix.spec.ts.
