import { expect, test } from "@playwright/test";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

// Issue 21: a function on a current runtime the local engine cannot run (java21) is created as on
// AWS and goes Failed; its page says why, and the Code tab offers every current runtime.
const NAME = `e2e-java-${Date.now().toString(36)}`;
let lambda: LambdaClient;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  await createTestFunction(lambda, NAME, { Runtime: "java21", Handler: "example.Handler" });
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test("a java21 function is Failed with the engine's reason; the runtime select lists the current runtimes", async ({
  page,
}) => {
  await expect
    .poll(async () => {
      await page.goto(`/functions/${NAME}?tab=code`);
      return page.getByRole("alert").filter({ hasText: "The function is Failed" }).count();
    })
    .toBe(1);
  await expect(page.getByRole("alert").filter({ hasText: "The function is Failed" })).toContainText(
    "The runtime java21 is not available on this local engine",
  );
  const select = page.getByLabel("Runtime", { exact: true });
  await expect(select).toHaveValue("java21");
  const options = await select.locator("option").allTextContents();
  expect(options).toEqual(
    expect.arrayContaining(["nodejs24.x", "python3.14", "dotnet8", "ruby3.4", "provided.al2"]),
  );
  expect(options).not.toContain("nodejs18.x");
});
