import { expect, test } from "@playwright/test";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { zipSync } from "fflate";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const NAME = `e2e-conc-${Date.now().toString(36)}`;
let lambda: LambdaClient;

const SLOW = zipSync({
  "index.mjs": Buffer.from(
    "export const handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return 1; };\n",
  ),
});

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  await createTestFunction(lambda, NAME, { Code: { ZipFile: SLOW }, Timeout: 10 });
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test("reserve concurrency in the UI, burst invokes, and see the throttles", async ({ page }) => {
  await page.goto(`/functions/${NAME}/concurrency`);
  await expect(page.getByTestId("reserved-value")).toContainText("none");
  await expect(page.getByTestId("unreserved-value")).toHaveText(/^\d+$/);

  // The floor is checked before submit.
  const input = page.getByLabel(/Reserve concurrency/);
  await input.fill("100000");
  await expect(page.getByRole("alert").filter({ hasText: "unreserved minimum" })).toBeVisible();

  await input.fill("2");
  await page.getByRole("button", { name: "Save reserved concurrency" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Reserved concurrency is now 2." }),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("reserved-value")).toHaveText("2");

  // A burst of 6 against 2: 4 throttled, as a user's SDK sees it.
  const results = await Promise.allSettled(
    Array.from({ length: 6 }, () => lambda.send(new InvokeCommand({ FunctionName: NAME }))),
  );
  const throttled = results.filter(
    (r) => r.status === "rejected" && (r.reason as Error).name === "TooManyRequestsException",
  );
  expect(throttled).toHaveLength(4);

  // The console shows it: a throttle badge on the function's concurrency page and the account table.
  await page.reload();
  await expect(page.getByTestId("throttle-badge")).toContainText("Throttled (4 in the last hour)");
  await page.goto("/account");
  const row = page.getByRole("row").filter({ hasText: NAME });
  await expect(row.getByRole("cell").nth(1)).toHaveText("2");
  await expect(row.getByTestId("throttle-badge")).toBeVisible();

  // The functions list (name column, loaded with the extras) and the function page header.
  await page.goto(`/functions?q=${NAME}`);
  const listRow = page.getByRole("row").filter({ hasText: NAME });
  const listBadge = listRow.getByTestId("throttle-badge");
  await expect(listBadge).toContainText("Throttled (4 in the last hour)");
  await expect(listBadge).toHaveAttribute("href", `/functions/${NAME}?tab=monitor`);
  await page.goto(`/functions/${NAME}`);
  const headerBadge = page.getByTestId("throttle-badge");
  await expect(headerBadge).toContainText("Throttled (4 in the last hour)");
  await headerBadge.click();
  await expect(page).toHaveURL(new RegExp(`/functions/${NAME}\\?tab=monitor`));
  await expect(page.getByTestId("chart-Throttles")).toBeVisible();

  // The Configuration tab links to the Concurrency page.
  await page.goto(`/functions/${NAME}?tab=configuration`);
  await page.getByRole("link", { name: "Concurrency settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/functions/${NAME}/concurrency$`));
});
