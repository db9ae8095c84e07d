import { expect, test } from "@playwright/test";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const NAME = `e2e-listed-${Date.now().toString(36)}`;
let lambda: LambdaClient;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  await createTestFunction(lambda, NAME, {
    Description: "seeded by the e2e spec",
    MemorySize: 256,
    Timeout: 7,
  });
});

test.afterAll(async () => {
  // Leave the engine empty again: the shell spec checks the empty state.
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test("a function created through the SDK is listed on the Functions page and counted", async ({
  page,
  context,
}) => {
  await context.clearCookies({ name: "lc-target" });
  await page.goto("/functions");
  const row = page.getByRole("row").filter({ hasText: NAME });
  await expect(row).toBeVisible();
  // Reserved concurrency arrives after the list (GetFunction per function): "—" when unreserved.
  await expect(row.getByRole("cell")).toHaveText([
    "",
    `${NAME}seeded by the e2e spec`,
    "nodejs20.x",
    "256 MB",
    "7 s",
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/,
    "—",
    "Active",
  ]);
  await expect(page.getByText("No functions yet")).toHaveCount(0);

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Dashboard" })
    .click();
  await expect(page.getByTestId("function-count")).toHaveText("1");
});
