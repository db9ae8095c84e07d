import { expect, test } from "@playwright/test";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const COUNT = 500;
const PREFIX = `e2e-bulk-${Date.now().toString(36)}`;
const names = Array.from({ length: COUNT }, (_, i) => `${PREFIX}-${String(i).padStart(4, "0")}`);
const memoryOf = (i: number) => 128 + (i % 16) * 64;
let lambda: LambdaClient;

async function inParallel(items: string[], fn: (name: string, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) {
        const i = next++;
        const item = items[i];
        if (item !== undefined) await fn(item, i);
      }
    }),
  );
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  lambda = engineLambdaClient();
  await inParallel(names, (name, i) =>
    createTestFunction(lambda, name, {
      MemorySize: memoryOf(i),
      Timeout: 1 + (i % 30),
      Description: i % 50 === 0 ? "nightly billing export" : "",
      Runtime: i % 2 === 0 ? "nodejs20.x" : "nodejs22.x",
    }),
  );
});

test.afterAll(async () => {
  test.setTimeout(300_000);
  await inParallel(names, (name) => deleteFunctions(lambda, [name]));
  lambda.destroy();
});

test("the list of 500 functions: first rows server-rendered, all pages loaded, search and sort in the URL", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.context().clearCookies({ name: "lc-target" });

  // The first ListFunctions page is in the server's HTML, before any script runs.
  const html = await (await page.request.get("/functions")).text();
  expect(html).toContain(names[0]);

  await page.goto("/functions");
  await page.getByLabel("Search functions").fill(PREFIX);
  await expect(page.getByTestId("function-list-count")).toHaveText(
    new RegExp(`^${COUNT} of \\d+ functions$`),
    {
      timeout: 60_000,
    },
  );

  // Search as you type: the query is in the URL and narrows to 10 names.
  await page.getByLabel("Search functions").fill(`${PREFIX}-042`);
  await expect(page).toHaveURL(new RegExp(`q=${PREFIX}-042`));
  await expect(page.getByTestId("function-list-count")).toHaveText(/^10 of \d+ functions$/);
  const nameLinks = page.locator("tbody tr td:nth-child(2) a");
  await expect(nameLinks).toHaveText(names.slice(420, 430));

  // Description and runtime are searched too.
  await page.getByLabel("Search functions").fill(`${PREFIX} nightly billing`);
  await expect(page.getByTestId("function-list-count")).toHaveText(/^10 of \d+ functions$/);

  // Sort by memory, largest first: the URL says so and the rows agree.
  await page.getByLabel("Search functions").fill(PREFIX);
  await page.getByRole("button", { name: "Memory" }).click();
  await expect(page).toHaveURL(/sort=-memory/);
  const memCells = page.locator("tbody tr td:nth-child(4)");
  await expect(memCells.first()).toHaveText(`${memoryOf(15)} MB`);
  await page.getByRole("button", { name: /Memory/ }).click();
  await expect(page).toHaveURL(/sort=memory/);
  await expect(memCells.first()).toHaveText("128 MB");

  // The view is a link: reloading keeps the search and the sort; by name descending.
  await page.goto(`/functions?q=${PREFIX}-04&sort=-name`);
  await expect(page.getByTestId("function-list-count")).toHaveText(/^100 of \d+ functions$/, {
    timeout: 60_000,
  });
  await expect(nameLinks.first()).toHaveText(names[499] ?? "");

  // Scrolling the virtualised table reaches the last row.
  await page.getByTestId("function-list-count").scrollIntoViewIfNeeded();
  await page
    .locator("div.overflow-auto")
    .filter({ has: page.locator("table") })
    .evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByRole("link", { name: names[400] ?? "" })).toBeVisible();
});

test("bulk actions on selected functions: tag, then find them by the tag; publish a version of each", async ({
  page,
}) => {
  await page.context().clearCookies({ name: "lc-target" });
  const picked = names.slice(10, 13);
  await page.goto(`/functions?q=${PREFIX}-001`);
  await expect(page.getByTestId("function-list-count")).toHaveText(/^10 of \d+ functions$/, {
    timeout: 60_000,
  });
  for (const name of picked) await page.getByLabel(`Select ${name}`).check();
  await expect(page.getByText("3 selected")).toBeVisible();

  await page.getByRole("button", { name: "Tag", exact: true }).click();
  await page.getByLabel("Tag key").fill("bulk-e2e");
  await page.getByLabel("Tag value").fill("yes");
  await page.getByRole("button", { name: "Apply tag" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Tagged 3 of 3." })).toBeVisible();

  // Tags arrive with the list's second pass (GetFunction), then key=value search finds exactly these.
  await page.goto(`/functions?q=bulk-e2e%3Dyes`);
  await expect(page.locator("tbody tr td:nth-child(2) a")).toHaveText(picked, { timeout: 60_000 });

  await page.getByLabel("Select all shown functions").check();
  await page.getByRole("button", { name: "Publish version" }).click();
  await page.getByLabel("Version description").fill("bulk");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published 3 of 3." })).toBeVisible();
});
