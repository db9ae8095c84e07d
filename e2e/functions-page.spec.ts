import { expect, test } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { InvokeCommand, PublishVersionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const NAME = `e2e-page-${Date.now().toString(36)}`;
let lambda: LambdaClient;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  await createTestFunction(lambda, NAME, {
    Environment: { Variables: { API_KEY: "s3cr3t-value", MODE: "test" } },
    Tags: { team: "payments" },
  });
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test.beforeEach(async ({ page }) => {
  await page.context().clearCookies({ name: "lc-target" });
});

test("Configuration: values masked until revealed; general settings, variables and tags saved through the API", async ({
  page,
}) => {
  await page.goto(`/functions/${NAME}?tab=configuration`);
  const value = page.getByLabel("Value of API_KEY");
  await expect(value).toHaveAttribute("type", "password");
  await page
    .getByTestId("env-row")
    .filter({ has: value })
    .getByRole("button", { name: "Reveal" })
    .click();
  await expect(value).toHaveAttribute("type", "text");
  await expect(value).toHaveValue("s3cr3t-value");

  await value.fill("rotated");
  await page
    .getByTestId("env-row")
    .filter({ has: page.getByLabel("Value of MODE") })
    .getByRole("button", { name: "Remove" })
    .click();
  await page.getByRole("button", { name: "Add variable" }).click();
  await page.getByLabel("Variable name").last().fill("NEW_VAR");
  await page.getByLabel("Value of NEW_VAR").fill("42");
  await page.getByRole("button", { name: "Save variables" }).click();
  await expect(page.getByText("Environment variables saved.")).toBeVisible({ timeout: 30_000 });

  await page.getByLabel("Memory (MB)").fill("512");
  await page.getByLabel("Timeout (seconds)").fill("901");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // Refused by the form's rules before the API: nothing is shown as saved.
  await expect(page.getByText("At most 900 s")).toBeVisible();
  await page.getByLabel("Timeout (seconds)").fill("20");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible({ timeout: 30_000 });

  await page.getByRole("button", { name: "Add tag" }).click();
  await page.getByLabel("Tag key").last().fill("owner");
  await page.getByLabel("Tag value of owner").fill("e2e");
  await page.getByRole("button", { name: "Save tags" }).click();
  await expect(page.getByText("Tags saved.")).toBeVisible({ timeout: 30_000 });

  const invoked = await lambda.send(
    new InvokeCommand({ FunctionName: NAME, Payload: Buffer.from("{}") }),
  );
  expect(invoked.FunctionError).toBeUndefined();
  await page.reload();
  await expect(page.getByLabel("Memory (MB)")).toHaveValue("512");
  await expect(page.getByLabel("Timeout (seconds)")).toHaveValue("20");
  await expect(page.getByLabel("Value of NEW_VAR")).toHaveValue("42");
  await expect(page.getByLabel("Value of MODE")).toHaveCount(0);
  await expect(page.getByLabel("Tag value of owner")).toHaveValue("e2e");
});

test("Test tab: a saved event from a template survives a reload; async invoke is queued", async ({
  page,
}) => {
  await page.goto(`/functions/${NAME}?tab=test`);
  await page.getByLabel("Template").selectOption("SQS message");
  await expect(page.getByLabel("Event JSON")).toHaveValue(/"eventSource": "aws:sqs"/);
  await page.getByLabel("Event name", { exact: true }).fill("sqs-one");
  await page.getByRole("button", { name: "Save event" }).click();
  await expect(page.getByText('Saved "sqs-one".')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Saved event")).toHaveValue("sqs-one");
  await expect(page.getByLabel("Event JSON")).toHaveValue(/aws:sqs/);
  await page.getByLabel("Asynchronous").check();
  await page.getByRole("button", { name: "Invoke" }).click();
  await expect(page.getByTestId("invoke-status")).toHaveText(/^Queued \(202\)/);
});

test("Code tab: upload a .zip; the version compare shows the code and configuration changes", async ({
  page,
}) => {
  await lambda.send(new PublishVersionCommand({ FunctionName: NAME }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-zip-"));
  const zipPath = path.join(dir, "upload.zip");
  fs.writeFileSync(
    zipPath,
    zipSync({
      "index.mjs": Buffer.from("export const handler = async () => ({ uploaded: true });\n"),
      "lib/helper.mjs": Buffer.from("export const x = 1;\n"),
    }),
  );
  await page.goto(`/functions/${NAME}?tab=code`);
  await page.getByLabel("Upload a .zip").setInputFiles(zipPath);
  await page.getByRole("button", { name: "Upload and deploy" }).click();
  await expect(page.getByText(/Deployed the upload/)).toBeVisible({ timeout: 60_000 });
  const out = await lambda.send(new InvokeCommand({ FunctionName: NAME }));
  expect(JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString())).toEqual({
    uploaded: true,
  });
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Files" })).toContainText("lib/helper.mjs");

  await page.goto(`/functions/${NAME}?tab=versions&compare=1`);
  await expect(page.getByText("Version 1 compared with $LATEST")).toBeVisible();
  await expect(page.getByTestId("code-diff").first()).toContainText(
    "+ export const handler = async () => ({ uploaded: true });",
  );
  await expect(page.getByText("lib/helper.mjs (added)")).toBeVisible();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("Monitor tab: charts and recent invocations with cost; the command palette jumps to the function", async ({
  page,
}) => {
  for (let i = 0; i < 3; i++) await lambda.send(new InvokeCommand({ FunctionName: NAME }));
  await page.goto(`/functions/${NAME}?tab=monitor&range=1h`);
  await expect(page.getByTestId("chart-Invocations")).toBeVisible();
  // The tab is rendered on the server once: a loaded machine may render it before the engine has
  // the invokes' REPORT lines, so look again the way a user would, by reloading.
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole("table", { name: "Recent invocations" }).locator("tbody tr").first(),
    ).toContainText("$0.0000", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("cost-total")).toContainText("at public Lambda prices");

  // Version 1 (published in the Code tab test) has its own Resource dimension: invoke it once.
  await lambda.send(new InvokeCommand({ FunctionName: NAME, Qualifier: "1" }));
  await page
    .getByRole("navigation", { name: "Version or alias" })
    .getByRole("link", { name: "1", exact: true })
    .click();
  await expect(page).toHaveURL(/qualifier=1/);
  await expect(
    page.getByRole("table", { name: "Recent invocations" }).locator("tbody tr"),
  ).toHaveCount(1);

  await page.goto("/");
  // The shortcut works once the page has hydrated: press again until the palette opens.
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(page.getByLabel("Jump to a function or page")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByLabel("Jump to a function or page").fill(NAME);
  await expect(page.getByRole("option", { name: new RegExp(NAME) })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/functions/${NAME}$`));
});
