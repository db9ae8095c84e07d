import { expect, test } from "@playwright/test";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { deleteFunctions, engineLambdaClient } from "./support/engine-client";

const NAME = `e2e-flow-${Date.now().toString(36)}`;
const CODE = `export const handler = async (event) => {
  console.log(JSON.stringify({ marker: "flow-log", got: event.n ?? null }));
  return { doubled: (event.n ?? 0) * 2, edited: true };
};
`;
let lambda: LambdaClient;

test.beforeAll(() => {
  lambda = engineLambdaClient();
});

test.afterAll(async () => {
  // Normally the spec deletes it through the UI; this only cleans up after a failure.
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test("create → edit code → deploy → invoke → result and logs → publish → alias → delete", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.context().clearCookies({ name: "lc-target" });

  // Create from scratch: a bad name is refused before submit, by the field.
  await page.goto("/functions/new");
  await page.getByLabel("Function name").fill("bad name!");
  await expect(
    page.getByText("1-64 letters, digits, hyphens or underscores").first(),
  ).toBeVisible();
  await page.getByLabel("Function name").fill(NAME);
  await page.getByLabel("Memory (MB)").fill("256");
  await page.getByRole("button", { name: "Create function" }).click();
  await expect(page).toHaveURL(new RegExp(`/functions/${NAME}\\?created=1`), { timeout: 60_000 });
  await expect(page.getByTestId("function-state")).toHaveText("Active");

  // Code tab: the starter file is in the editor; replace it and deploy.
  const editor = page.locator(".cm-content");
  await expect(editor).toContainText("Hello from Lambda!");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(CODE);
  await expect(page.getByTestId("code-dirty")).toHaveText("1 undeployed change(s)");
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deployed." })).toBeVisible({
    timeout: 60_000,
  });

  // Test tab: invoke synchronously and read the result, figures and log tail.
  await page.getByRole("link", { name: "Test", exact: true }).click();
  await page.getByLabel("Event JSON").fill('{ "n": 21 }');
  await page.getByRole("button", { name: "Invoke" }).click();
  await expect(page.getByTestId("invoke-status")).toHaveText("Succeeded (200)", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("invoke-payload")).toContainText('"doubled": 42');
  await expect(page.getByTestId("invoke-payload")).toContainText('"edited": true');
  await expect(page.getByTestId("invoke-duration")).toHaveText(/^\d+\.\d{2} ms$/);
  await expect(page.getByTestId("invoke-log")).toContainText("REPORT RequestId");
  await expect(page.getByTestId("invoke-log")).toContainText("flow-log");

  // Logs tab: the invocation's line, JSON pretty-printed; live tail shows a new one within 2 s.
  await page.getByRole("link", { name: "Logs", exact: true }).last().click();
  await expect(
    page.getByTestId("log-line").filter({ hasText: '"marker": "flow-log"' }).first(),
  ).toBeVisible();
  await page.getByLabel("Live tail").check();
  await lambda.send(new InvokeCommand({ FunctionName: NAME, Payload: Buffer.from('{"n":777}') }));
  await expect(page.getByTestId("log-line").filter({ hasText: '"got": 777' })).toBeVisible({
    timeout: 3_000,
  });
  await page.getByLabel("Live tail").uncheck();

  // Versions and aliases: publish 1, point an alias at it, invoke through the alias.
  await page.getByRole("link", { name: "Versions and aliases" }).click();
  await page.getByRole("button", { name: "Publish new version" }).click();
  await expect(page.getByText("Published version 1.")).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await page.getByLabel("Alias name").fill("live");
  const createForm = page.locator("form").filter({ has: page.getByLabel("Alias name") });
  await createForm.getByLabel("Version", { exact: true }).selectOption("1");
  await createForm.getByRole("button", { name: "Create alias" }).click();
  await expect(page.getByTestId("alias-live")).toContainText("→ version 1", { timeout: 30_000 });
  await page.getByTestId("alias-live").getByRole("link", { name: "Invoke" }).click();
  await expect(page.getByLabel("Qualifier")).toHaveValue("live");
  await page.getByRole("button", { name: "Invoke" }).click();
  await expect(page.getByTestId("invoke-status")).toHaveText("Succeeded (200)", {
    timeout: 60_000,
  });
  await expect(page.getByText("Executed version").locator("..")).toContainText("1");

  // Delete from the list with the bulk action; the row goes away.
  await page.goto(`/functions?q=${NAME}`);
  await page.getByLabel(`Select ${NAME}`).check();
  await page.getByRole("button", { name: "Delete", exact: true }).first().click();
  await page.locator("form").getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted 1 of 1." })).toBeVisible();
  await expect(page.getByRole("link", { name: NAME })).toHaveCount(0);
});

test("the create form shows the API's refusal next to the field", async ({ page }) => {
  await page.goto("/functions/new");
  // The engine refuses a role ARN from another partition pattern only server-side; use a name
  // that exists to get ResourceConflictException.
  await page.getByLabel("Function name").fill(NAME + "-dup");
  await page.getByRole("button", { name: "Create function" }).click();
  await expect(page).toHaveURL(/created=1/, { timeout: 60_000 });
  await page.goto("/functions/new");
  await page.getByLabel("Function name").fill(NAME + "-dup");
  await page.getByRole("button", { name: "Create function" }).click();
  await expect(page.locator("#functionName-error")).toContainText(/already exist/i, {
    timeout: 30_000,
  });
  await deleteFunctions(lambda, [NAME + "-dup"]);
});
