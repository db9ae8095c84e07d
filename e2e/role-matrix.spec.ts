import { expect, test, type Browser, type Page } from "@playwright/test";
import { hasPermission, type Role } from "../lib/access/permissions";
import { ACTION_ROWS, ROUTE_ROWS } from "./role-matrix-rows";
import {
  E2E_ADMIN_PASSWORD,
  ROLE_USER_PASSWORD,
  ROLE_USERS,
  postServerAction,
  serverActionId,
  signInThroughIdp,
} from "./support/auth";

// Every server action and route handler (e2e/role-matrix-rows.ts, kept complete by
// lib/actions/role-matrix.test.ts), posted directly as every role: the guard lets exactly the roles
// with the permission past, whatever the UI shows.
test.use({ storageState: { cookies: [], origins: [] } });

async function signedIn(browser: Browser, who: keyof typeof ROLE_USERS): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const password = who === "admin" ? E2E_ADMIN_PASSWORD : ROLE_USER_PASSWORD;
  await signInThroughIdp(page, ROLE_USERS[who].name, password);
  return page;
}

for (const role of [
  "viewer",
  "developer",
  "operator",
  "admin",
] as const satisfies readonly Role[]) {
  test(`${role}: every action and route handler, posted directly`, async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await signedIn(browser, role);
    for (const row of ACTION_ROWS) {
      if (row.permission === null) continue; // sign-in / sign-out: public by design
      const res = await postServerAction(page, row.path, serverActionId(row.file, row.name), [{}]);
      const refusal = `it needs the \\"${row.permission}\\" permission`;
      const what = `${role} ${row.name}`;
      if (hasPermission(role, row.permission)) {
        // Past the guard: the empty input reaches validation (or a harmless default).
        expect(res.body, what).not.toContain(refusal);
        expect(res.body, what).toMatch(/Some fields need attention|"ok":true|"ok":false/);
      } else {
        expect(res.body, what).toContain(refusal);
      }
    }
    for (const row of ROUTE_ROWS) {
      if (row.permission === null) continue;
      const res = await page.request.fetch(row.url, { method: row.method, maxRedirects: 0 });
      const what = `${role} ${row.method} ${row.url}`;
      if (hasPermission(role, row.permission)) expect(res.status(), what).not.toBe(403);
      else {
        expect(res.status(), what).toBe(403);
        expect(await res.text(), what).toContain(`it needs the \\"${row.permission}\\" permission`);
      }
    }
    await page.context().close();
  });
}

test("without a role nothing passes the guard", async ({ browser }) => {
  const page = await signedIn(browser, "none");
  for (const row of ACTION_ROWS.filter((r) => r.permission !== null)) {
    const res = await postServerAction(page, row.path, serverActionId(row.file, row.name), [{}]);
    expect(res.body, row.name).not.toContain('"ok":true');
  }
  for (const row of ROUTE_ROWS.filter((r) => r.permission !== null)) {
    const res = await page.request.fetch(row.url, { method: row.method, maxRedirects: 0 });
    expect([401, 403], row.url).toContain(res.status());
  }
  await page.context().close();
});
