import { expect, test } from "@playwright/test";
import { zipSync } from "fflate";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

// Bounded reads (issue 13): a package that expands far beyond its size is never inflated whole by
// the console; the Code tab says why and offers the download instead of the editor.
const NAME = `e2e-bomb-${Date.now().toString(36)}`;
let lambda: LambdaClient;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  const bomb = zipSync(
    {
      "index.mjs": Buffer.from("export const handler = async () => 1;\n"),
      "padding.bin": new Uint8Array(64 * 1024 * 1024),
    },
    { level: 1 },
  );
  expect(bomb.length).toBeLessThan(1024 * 1024);
  await createTestFunction(lambda, NAME, { Code: { ZipFile: bomb } });
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test("a zip bomb gets the download and the reason instead of the editor", async ({ page }) => {
  await page.goto(`/functions/${NAME}?tab=code`);
  const notice = page.getByRole("status").filter({ hasText: "not opened in the editor" });
  await expect(notice).toContainText("its files expand to more than 16 MB");
  const link = notice.getByRole("link", { name: "Download the .zip" });
  await expect(link).toHaveAttribute("href", /^http/);
  // The console is still fine afterwards.
  await page.goto("/functions");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Functions");
});
