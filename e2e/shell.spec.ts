import { expect, test, type Page } from "@playwright/test";

const PAGES = [
  { nav: "Dashboard", heading: "Dashboard", unfinished: false },
  { nav: "Functions", heading: "Functions", unfinished: false },
  { nav: "Layers", heading: "Layers", unfinished: false },
  { nav: "Blueprints", heading: "Blueprints", unfinished: false },
  { nav: "Images", heading: "Container images", unfinished: false },
  { nav: "File systems", heading: "File systems", unfinished: false },
  { nav: "Code signing", heading: "Code signing", unfinished: false },
  { nav: "Databases", heading: "Databases", unfinished: false },
  { nav: "Logs", heading: "Logs", unfinished: false },
  { nav: "Account", heading: "Account", unfinished: false },
  // Admin-only entries (the setup project signs in as admin).
  { nav: "Audit", heading: "Audit log", unfinished: false },
  { nav: "Users", heading: "Users", unfinished: false },
  { nav: "Access", heading: "Access", unfinished: false },
] as const;

async function switchTarget(page: Page, label: string): Promise<void> {
  await page.getByLabel("Target").selectOption({ label });
  // The server action sets the cookie and the page re-renders with the new target.
  await expect(page.getByLabel("Target")).toHaveValue(
    label === "Local engine" ? "local" : "staging-unreachable",
  );
}

test.describe("console shell", () => {
  test.beforeEach(async ({ context }) => {
    await context.clearCookies({ name: "lc-target" });
  });

  test("shows the header and navigation, and every nav entry opens its page", async ({ page }) => {
    await page.goto("/");
    const header = page.getByRole("banner");
    await expect(header.getByText("Lambda Console")).toBeVisible();
    await expect(header.locator("summary")).toHaveText(/admin/);
    await expect(page.getByTestId("current-target")).toHaveAttribute("data-target-color", "green");

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(PAGES.map((p) => p.nav));

    for (const entry of PAGES) {
      await nav.getByRole("link", { name: entry.nav, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(entry.heading);
      await expect(nav.getByRole("link", { name: entry.nav, exact: true })).toHaveAttribute(
        "aria-current",
        "page",
      );
      const notYet = page.getByRole("heading", { name: "Not yet available" });
      if (entry.unfinished) await expect(notYet).toBeVisible();
      else await expect(notYet).toHaveCount(0);
    }
  });

  test("the dashboard shows the local engine's function count and account settings", async ({
    page,
  }) => {
    await page.goto("/");
    await expect(page.getByTestId("function-count")).toHaveText(/^\d+$/);
    await expect(page.getByText("Concurrency limit")).toBeVisible();
  });

  test("switching to an unreachable target shows its colour and a clear error, then back to local", async ({
    page,
  }) => {
    await page.goto("/functions");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Functions");

    await switchTarget(page, "Staging (unreachable)");
    const badge = page.getByTestId("current-target");
    await expect(badge).toHaveAttribute("data-target-color", "amber");
    await expect(badge).toHaveText("staging");
    const alert = page.getByRole("alert").filter({ hasText: "Cannot reach" });
    await expect(alert).toContainText(
      "Cannot reach Staging (unreachable) at http://127.0.0.1:9: connection refused.",
    );

    // The choice is a cookie: it survives a reload and applies to every page.
    await page.reload();
    await expect(badge).toHaveAttribute("data-target-color", "amber");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Dashboard" })
      .click();
    await expect(page.getByRole("alert").filter({ hasText: "Cannot reach" }).first()).toBeVisible();

    await page.goto("/functions");
    await switchTarget(page, "Local engine");
    await expect(badge).toHaveAttribute("data-target-color", "green");
    await expect(page.getByText("No functions yet")).toBeVisible();
  });
});
