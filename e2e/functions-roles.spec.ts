import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  GetFunctionCommand,
  waitUntilFunctionActiveV2,
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

const NAME = `e2e-roles-fn-${Date.now().toString(36)}`;
let lambda: LambdaClient;

async function signedInPage(browser: Browser, who: "viewer" | "developer"): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInThroughIdp(page, ROLE_USERS[who].name, ROLE_USER_PASSWORD);
  return page;
}

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  await createTestFunction(lambda, NAME);
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1 },
    { FunctionName: NAME },
  );
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test("viewer: sees functions, cannot create, delete or invoke — not even by posting the actions", async ({
  browser,
}) => {
  const page = await signedInPage(browser, "viewer");
  await page.goto("/functions");
  await expect(page.getByRole("link", { name: NAME })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create function" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete", exact: true })).toHaveCount(0);

  await page.goto("/functions/new");
  await expect(page).toHaveURL(/\/not-allowed\?permission=functions\.write/);

  const deleted = await postServerAction(
    page,
    "/functions",
    serverActionId("app/(console)/functions/actions.ts", "bulkDeleteFunctions"),
    [{ names: [NAME] }],
  );
  expect(deleted.body).toContain('\\"functions.write\\" permission');
  await expect(lambda.send(new GetFunctionCommand({ FunctionName: NAME }))).resolves.toBeDefined();

  await page.goto(`/functions/${NAME}?tab=test`);
  await expect(page.getByRole("button", { name: "Invoke" })).toBeDisabled();
  const invoked = await postServerAction(
    page,
    `/functions/${NAME}`,
    serverActionId("app/(console)/functions/[name]/actions.ts", "invokeAction"),
    [{ functionName: NAME, invocationType: "RequestResponse", payload: "{}" }],
  );
  expect(invoked.body).toContain('\\"functions.invoke\\" permission');
  expect(invoked.body).not.toContain('"ok":true');
  await page.context().close();
});

test("developer: invokes from the Test tab", async ({ browser }) => {
  const page = await signedInPage(browser, "developer");
  await page.goto(`/functions/${NAME}?tab=test`);
  await page.getByRole("button", { name: "Invoke" }).click();
  await expect(page.getByTestId("invoke-status")).toHaveText("Succeeded (200)", {
    timeout: 60_000,
  });
  await page.context().close();
});

test("the list's data routes give nothing without a session", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  for (const url of ["/functions/list.json", `/functions/extras.json?name=${NAME}`]) {
    const res = await context.request.get(url, { maxRedirects: 0 });
    expect([307, 401]).toContain(res.status());
    // A redirect to sign-in (or 401), never the data.
    expect(await res.text()).not.toMatch(/"(functions|reservedConcurrency|tags)"/);
  }
  await context.close();
});
