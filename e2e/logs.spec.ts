import { expect, test } from "@playwright/test";
import {
  InvokeCommand,
  waitUntilFunctionActiveV2,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const STAMP = Date.now().toString(36);
const A = `e2e-logs-a-${STAMP}`;
const B = `e2e-logs-b-${STAMP}`;
let lambda: LambdaClient;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  for (const name of [A, B]) {
    await createTestFunction(lambda, name);
    // A new function is Pending for a moment; Invoke answers ResourceConflict until it is Active.
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 60, minDelay: 1 },
      { FunctionName: name },
    );
    await lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from(`{"who":"${name}"}`) }),
    );
  }
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [A, B]);
  lambda.destroy();
});

test("the logs page searches one filter pattern across the chosen log groups", async ({ page }) => {
  await page.context().clearCookies({ name: "lc-target" });
  await page.goto(`/logs?g=/aws/lambda/${A}&g=/aws/lambda/${B}&filter=REPORT`);
  const lines = page.getByTestId("log-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.filter({ hasText: `/aws/lambda/${A}` })).toHaveCount(1);
  await expect(lines.filter({ hasText: `/aws/lambda/${B}` })).toHaveCount(1);
  for (const line of await lines.all()) await expect(line).toContainText("REPORT RequestId");

  // A pattern that matches nothing says so rather than showing stale lines.
  await page.getByLabel("Filter pattern").fill('"no such text anywhere"');
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/filter=/);
  await expect(page.getByText("No events in this range match the pattern.")).toBeVisible();

  // The dashboard counts the invocations of the last hour.
  await page.goto("/");
  await expect(page.getByTestId("dashboard-invocations")).toHaveText(/^[1-9]\d*$/);
});
