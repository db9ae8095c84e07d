import { expect, test } from "@playwright/test";
import {
  DeleteFunctionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const NAME = `e2e-audit-${Date.now().toString(36)}`;
let lambda: LambdaClient;

test.beforeAll(() => {
  lambda = engineLambdaClient();
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test("changes made with the AWS SDK appear on the Audit page next to console actions", async ({
  page,
}) => {
  // Changes straight through the engine's API, as a CLI or SDK user makes them.
  await createTestFunction(lambda, NAME);
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1 },
    { FunctionName: NAME },
  );
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: NAME,
      Environment: { Variables: { E2E_SECRET: "e2e-secret-value" } },
    }),
  );
  await expect(
    lambda.send(new DeleteFunctionCommand({ FunctionName: `${NAME}-missing` })),
  ).rejects.toThrow();

  // A console action on the same function: the bulk delete on the list.
  await page.context().clearCookies({ name: "lc-target" });
  await page.goto(`/functions?q=${NAME}`);
  await page.getByLabel(`Select ${NAME}`).check();
  await page.getByRole("button", { name: "Delete", exact: true }).first().click();
  await page.locator("form").getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted 1 of 1." })).toBeVisible();

  await page.goto(`/audit?resource=${NAME}`);
  const rows = page.getByRole("table", { name: "Audit entries" }).getByRole("row");
  const consoleRow = rows.filter({ hasText: "functions.bulk-delete" });
  await expect(consoleRow).toHaveCount(1);
  await expect(consoleRow).toContainText("Console");
  await expect(consoleRow).toContainText("ok");
  const created = rows.filter({ hasText: "CreateFunction20150331" });
  await expect(created).toHaveCount(1);
  await expect(created).toContainText("Engine");
  await expect(created).toContainText("arn:aws:iam::000000000000:root");
  await expect(created).toContainText("lambda.amazonaws.com");
  await expect(rows.filter({ hasText: "UpdateFunctionConfiguration20150331v2" })).toHaveCount(1);
  // The console's delete went through the engine's API too: recorded there as well.
  await expect(rows.filter({ hasText: "DeleteFunction20150331" })).toHaveCount(1);
  await expect(page.getByText("e2e-secret-value")).toHaveCount(0);
  // Newest first: the console's delete is above the SDK's create.
  const texts = await rows.allInnerTexts();
  const at = (s: string) => texts.findIndex((t) => t.includes(s));
  expect(at("functions.bulk-delete")).toBeLessThan(at("CreateFunction20150331"));

  // The failed SDK call is there with its error code.
  await page.goto(`/audit?resource=${NAME}-missing`);
  const failed = rows.filter({ hasText: "DeleteFunction20150331" });
  await expect(failed).toContainText("error");
  await expect(failed).toContainText("ResourceNotFoundException");

  // Filtering by source keeps one side only.
  await page.goto(`/audit?resource=${NAME}`);
  await page.getByLabel("Source", { exact: true }).selectOption("engine");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/source=engine/);
  await expect(rows.filter({ hasText: "CreateFunction20150331" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "functions.bulk-delete" })).toHaveCount(0);
  await page.getByLabel("Source", { exact: true }).selectOption("console");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/source=console/);
  await expect(rows.filter({ hasText: "functions.bulk-delete" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "CreateFunction20150331" })).toHaveCount(0);
});
