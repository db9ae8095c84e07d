import path from "node:path";
import { expect, test } from "@playwright/test";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";
import { E2E_ROOT } from "./support/env";

/** Refreshes public/screenshot.png for the README: `UPDATE_SCREENSHOT=1 npx playwright test screenshot`. */
test.skip(!process.env.UPDATE_SCREENSHOT, "only when UPDATE_SCREENSHOT=1");

const FUNCTIONS = [
  {
    name: "orders-api",
    runtime: "nodejs22.x",
    memory: 512,
    timeout: 15,
    description: "REST API for orders",
  },
  {
    name: "thumbnail-resizer",
    runtime: "python3.12",
    memory: 1024,
    timeout: 60,
    description: "Resizes uploaded images",
  },
  {
    name: "nightly-report",
    runtime: "python3.11",
    memory: 256,
    timeout: 300,
    description: "Builds the nightly sales report",
  },
  { name: "webhook-relay", runtime: "nodejs20.x", memory: 128, timeout: 5, description: "" },
] as const;
let lambda: LambdaClient;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  for (const fn of FUNCTIONS) {
    const python = fn.runtime.startsWith("python");
    await createTestFunction(lambda, fn.name, {
      Runtime: fn.runtime,
      Handler: python ? "app.handler" : "index.handler",
      MemorySize: fn.memory,
      Timeout: fn.timeout,
      Description: fn.description,
    });
  }
});

test.afterAll(async () => {
  await deleteFunctions(
    lambda,
    FUNCTIONS.map((f) => f.name),
  );
  lambda.destroy();
});

test("screenshot of the Functions page at 1280×800", async ({ page, context }) => {
  await context.clearCookies({ name: "lc-target" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/functions");
  await expect(page.getByRole("row").filter({ hasText: "orders-api" })).toBeVisible();
  await page.screenshot({ path: path.join(E2E_ROOT, "public", "screenshot.png") });
});
