import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { buildOciImage, busyboxRuntimeImage } from "../test/support/images/build-test-image";
import { ociArchive } from "../test/support/images/test-archives";
import { ROLE_USER_PASSWORD, ROLE_USERS, signInThroughIdp } from "./support/auth";
import { deleteFunctions, engineLambdaClient } from "./support/engine-client";
import { E2E_PORT, E2E_REGISTRY_PORT } from "./support/env";

const NAME = `e2e-image-${Date.now().toString(36)}`;
const MISSING = `e2e-image-missing-${Date.now().toString(36)}`;
const REPO = `e2e/busybox-${Date.now().toString(36)}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-images-"));
let lambda: LambdaClient;

/** An OCI archive of the busybox shell-runtime image that answers with `message`. */
function archive(message: string): string {
  const layout = path.join(work, message);
  buildOciImage(layout, message, busyboxRuntimeImage(message));
  const file = path.join(work, `${message}.tar`);
  fs.writeFileSync(file, ociArchive(layout));
  return file;
}

async function invokeMessage(): Promise<unknown> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: NAME, Payload: Buffer.from('{"from":"e2e"}') }),
  );
  expect(out.FunctionError).toBeUndefined();
  return (
    JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8")) as {
      message: unknown;
    }
  ).message;
}

async function upload(page: Page, file: string, tag: string): Promise<string> {
  await page.goto("/images");
  await page.getByLabel("Image archive").setInputFiles(file);
  await page.getByLabel("Repository", { exact: true }).fill(REPO);
  await page.getByLabel("Tag", { exact: true }).fill(tag);
  await page.getByRole("button", { name: "Upload and push" }).click();
  await expect(page.getByTestId("pushed-uri")).toHaveText(new RegExp(`/${REPO}:${tag}$`), {
    timeout: 60_000,
  });
  const digest = (await page.getByTestId("pushed-digest").textContent()) ?? "";
  expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
  // The catalog lists the tag with that digest.
  const row = page.getByRole("row").filter({ hasText: REPO }).filter({ hasText: tag });
  await expect(row).toContainText(digest);
  return digest;
}

test.beforeAll(() => {
  lambda = engineLambdaClient();
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME, MISSING]);
  lambda.destroy();
  fs.rmSync(work, { recursive: true, force: true });
});

test("upload an image archive, deploy it as a function, deploy a new tag and roll back", async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  await context.clearCookies({ name: "lc-target" });
  const v1 = await upload(page, archive("image-v1"), "v1");

  // Deploy as a new function from the upload's result.
  await page.getByRole("link", { name: "Deploy as new function" }).click();
  await expect(page).toHaveURL(/\/functions\/new\/image\?imageUri=/);
  await expect(page.getByLabel("Container image URI")).toHaveValue(new RegExp(`/${REPO}:v1$`));
  await page.getByLabel("Function name").fill(NAME);
  await page.getByLabel("Working directory").fill("relative");
  await expect(page.getByText("An absolute path, e.g. /var/task")).toBeVisible();
  await page.getByLabel("Working directory").fill("");
  await page.getByRole("button", { name: "Create function" }).click();
  await expect(page).toHaveURL(new RegExp(`/functions/${NAME}/image\\?created=1`), {
    timeout: 120_000,
  });
  await expect(page.getByTestId("image-digest")).toHaveText(v1);
  await expect(page.getByTestId("image-state")).toContainText("Active");
  expect(await invokeMessage()).toBe("image-v1");

  // A new tag, deployed from the function's image panel with the picker.
  const v2 = await upload(page, archive("image-v2"), "v2");
  expect(v2).not.toBe(v1);
  await page.goto(`/functions/${NAME}/image`);
  await page.getByLabel(/^Repository \(127\.0\.0\.1:\d+\)$/).selectOption(REPO);
  await page.getByLabel("Tag").selectOption("v2");
  await expect(page.getByLabel("Image to deploy")).toHaveValue(new RegExp(`/${REPO}:v2$`));
  await page.getByRole("button", { name: "Deploy image" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Deployed` })).toContainText(v2, {
    timeout: 120_000,
  });
  await expect(page.getByTestId("image-digest")).toHaveText(v2);
  expect(await invokeMessage()).toBe("image-v2");

  // History: create (v1) and deploy (v2); one click rolls back to v1's digest.
  const history = page.getByRole("table", { name: "Image deployment history" });
  await expect(history.getByRole("row")).toHaveCount(3);
  await history.getByRole("button", { name: `Roll back to ${v1}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rolled back" })).toContainText(v1, {
    timeout: 120_000,
  });
  await expect(page.getByTestId("image-digest")).toHaveText(v1);
  await expect(page.getByTestId("image-uri")).toContainText(`@${v1}`);
  expect(await invokeMessage()).toBe("image-v1");
  await expect(history.getByRole("row")).toHaveCount(4);
  await expect(history.getByRole("row").nth(1)).toContainText("rollback");
});

test("an image that cannot be pulled: the create page shows Lambda's Failed state and reason", async ({
  page,
}) => {
  await page.goto(
    `/functions/new/image?imageUri=${encodeURIComponent(`127.0.0.1:${E2E_REGISTRY_PORT}/${REPO}:absent`)}`,
  );
  await page.getByLabel("Function name").fill(MISSING);
  await page.getByRole("button", { name: "Create function" }).click();
  await expect(
    page.getByText(`${MISSING} was created but its image could not be used`),
  ).toContainText(/Failed \(\w+\): .+/, { timeout: 120_000 });
  await expect(page).toHaveURL(/\/functions\/new\/image/);
});

test("a file that is not an image archive is refused with a clear message", async ({ page }) => {
  const file = path.join(work, "not-an-image.tar");
  fs.writeFileSync(file, Buffer.alloc(4096, 1));
  await page.goto("/images");
  await page.getByLabel("Image archive").setInputFiles(file);
  await page.getByLabel("Repository", { exact: true }).fill(REPO);
  await page.getByRole("button", { name: "Upload and push" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "not a readable tar archive" }),
  ).toBeVisible();
});

test("the upload route checks the session and functions.write before reading the body", async ({
  browser,
  playwright,
}) => {
  const file = fs.readFileSync(archive("image-denied"));
  // Explicitly empty: request contexts otherwise inherit the project's signed-in storageState.
  const anonymous = await playwright.request.newContext({
    baseURL: `http://localhost:${E2E_PORT}`,
    storageState: { cookies: [], origins: [] },
  });
  const anon = await anonymous.post(`/images/upload?repository=${REPO}&tag=denied`, {
    data: file,
    maxRedirects: 0,
  });
  expect(anon.status()).toBe(401);
  await anonymous.dispose();

  const viewer = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await viewer.newPage();
  await signInThroughIdp(page, ROLE_USERS.viewer.name, ROLE_USER_PASSWORD, "/images");
  await expect(page.getByRole("button", { name: "Upload and push" })).toHaveCount(0);
  const denied = await page.request.post(`/images/upload?repository=${REPO}&tag=denied`, {
    data: file,
  });
  expect(denied.status()).toBe(403);
  expect(((await denied.json()) as { message: string }).message).toContain("functions.write");
  await viewer.close();
});
