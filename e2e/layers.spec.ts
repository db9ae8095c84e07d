import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  GetLayerVersionCommand,
  PublishLayerVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import {
  ROLE_USER_PASSWORD,
  ROLE_USERS,
  postServerAction,
  serverActionId,
  signInThroughIdp,
} from "./support/auth";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const SUFFIX = Date.now().toString(36);
const LAYER = `e2e-layer-${SUFFIX}`;
const FN = `e2e-layers-fn-${SUFFIX}`;
let lambda: LambdaClient;
let zipPath: string;

// A function that requires a package it does not ship: it must come from the layer.
const FUNCTION_ZIP = zipSync({
  "index.js": Buffer.from(
    "exports.handler = async () => ({ greeting: require('e2e-greeting')(), from: require.resolve('e2e-greeting') });\n",
  ),
});

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  zipPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "e2e-layer-")), "layer.zip");
  fs.writeFileSync(
    zipPath,
    zipSync({
      "nodejs/node_modules/e2e-greeting/index.js": Buffer.from(
        "module.exports = () => 'hello from the layer';\n",
      ),
      // Stored, incompressible: the upload is over the console proxy's default 10 MB buffer.
      "nodejs/node_modules/e2e-greeting/blob.bin": [
        crypto.randomBytes(12 * 1024 * 1024),
        { level: 0 },
      ],
    }),
  );
  await createTestFunction(lambda, FN, { Code: { ZipFile: FUNCTION_ZIP } });
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1 },
    { FunctionName: FN },
  );
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [FN]);
  lambda.destroy();
  fs.rmSync(path.dirname(zipPath), { recursive: true, force: true });
});

async function invokeFromTestTab(page: Page): Promise<void> {
  await page.goto(`/functions/${FN}?tab=test`);
  await page.getByRole("button", { name: "Invoke" }).click();
}

test("publish a layer in the console, attach it on the Code tab, invoke through it", async ({
  page,
}) => {
  // Without the layer the require fails at run time.
  await invokeFromTestTab(page);
  await expect(page.getByTestId("invoke-payload")).toContainText("Cannot find module", {
    timeout: 60_000,
  });

  await page.goto("/layers");
  await page.getByLabel("Layer name").fill(LAYER);
  await page.getByLabel("Description").fill("greeting package");
  await page.getByLabel("License").fill("MIT");
  await page.getByLabel("Layer .zip").setInputFiles(zipPath);
  await page.getByRole("checkbox", { name: "nodejs20.x" }).check();
  await page.getByRole("checkbox", { name: "x86_64" }).check();
  await page.getByRole("button", { name: "Publish" }).click();
  const arnPattern = new RegExp(`arn:aws:lambda:[a-z0-9-]+:\\d{12}:layer:${LAYER}:1`);
  await expect(page.getByRole("status")).toContainText(arnPattern);
  const published = await lambda.send(
    new GetLayerVersionCommand({ LayerName: LAYER, VersionNumber: 1 }),
  );
  expect(published).toMatchObject({
    Description: "greeting package",
    LicenseInfo: "MIT",
    CompatibleRuntimes: ["nodejs20.x"],
    CompatibleArchitectures: ["x86_64"],
  });
  // The whole .zip reached the action and Lambda.
  expect(published.Content?.CodeSize).toBe(fs.statSync(zipPath).size);

  await page.reload();
  await page.getByRole("link", { name: LAYER }).click();
  await expect(page.getByTestId("layer-version-1")).toContainText("no function");

  await page.goto(`/functions/${FN}?tab=code`);
  await page.getByLabel("Layer to add").selectOption({ label: `${LAYER}:1` });
  await page.getByRole("button", { name: "Add layer", exact: true }).click();
  await page.getByRole("button", { name: "Save layers" }).click();
  await expect(page.getByText("Layers saved.")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("list", { name: "/opt listing" })).toContainText(
    "/opt/nodejs/node_modules/e2e-greeting/index.js",
  );

  await expect(async () => {
    await invokeFromTestTab(page);
    await expect(page.getByTestId("invoke-payload")).toContainText("hello from the layer", {
      timeout: 10_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("invoke-payload")).toContainText(
    "/opt/nodejs/node_modules/e2e-greeting/index.js",
  );

  await page.goto(`/layers/${LAYER}`);
  await expect(page.getByRole("list", { name: "Functions using version 1" })).toContainText(FN);
});

async function viewerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInThroughIdp(page, ROLE_USERS.viewer.name, ROLE_USER_PASSWORD);
  return page;
}

test("viewer: sees layers read-only and cannot delete a version, not even by posting the action", async ({
  browser,
}) => {
  // Its own layer, attached through the API: independent of the test above.
  const LAYER = `e2e-viewer-layer-${SUFFIX}`;
  const v = await lambda.send(
    new PublishLayerVersionCommand({
      LayerName: LAYER,
      Content: { ZipFile: fs.readFileSync(zipPath) },
    }),
  );
  await lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: FN, Layers: [v.LayerVersionArn ?? ""] }),
  );
  await waitUntilFunctionUpdatedV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1 },
    { FunctionName: FN },
  );
  const page = await viewerPage(browser);
  await page.goto(`/layers/${LAYER}`);
  await expect(page.getByTestId("layer-version-1")).toBeVisible();
  await expect(page.getByRole("button", { name: /Delete version/ })).toHaveCount(0);
  await page.goto("/layers");
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  const deleted = await postServerAction(
    page,
    "/layers",
    serverActionId("app/(console)/layers/actions.ts", "deleteLayerVersionAction"),
    [{ name: LAYER, version: 1 }],
  );
  expect(deleted.body).toContain('\\"functions.write\\" permission');
  await expect(
    lambda.send(new GetLayerVersionCommand({ LayerName: LAYER, VersionNumber: 1 })),
  ).resolves.toBeDefined();
  await page.goto(`/functions/${FN}?tab=code`);
  await expect(page.getByRole("list", { name: "Function layers" })).toContainText(LAYER);
  await expect(page.getByRole("button", { name: "Save layers" })).toHaveCount(0);
  await page.context().close();
});
