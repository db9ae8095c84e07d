import { expect, test, type Browser, type Page } from "@playwright/test";
import { zipSync } from "fflate";
import {
  GetFunctionConcurrencyCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  PutFunctionConcurrencyCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import {
  ACCESS_CONSOLE_PORT,
  ACCESS_IDP_PORT,
  ACCESS_PASSWORD,
  ACCESS_SESSION_SECONDS,
  idpUsers,
  startAccessStack,
  type AccessStack,
} from "./support/access-stack";
import { postServerAction, serverActionId } from "./support/auth";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

// Roles per target, the production guard and sessions (issue 13), on a console whose IdP is a
// separate process reached over HTTP like any team's IdP.
test.use({ storageState: { cookies: [], origins: [] } });
test.describe.configure({ mode: "serial" });

const BASE = `http://localhost:${ACCESS_CONSOLE_PORT}`;
const FN = `e2e-access-${Date.now().toString(36)}`;
const RESERVE = () =>
  serverActionId("app/(console)/functions/[name]/concurrency/actions.ts", "setReservedConcurrency");
const SWITCH = () => serverActionId("app/(console)/actions.ts", "switchTarget");

let stack: AccessStack;
let lambda: LambdaClient;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = await startAccessStack();
  idpUsers(["add", "alice", "--groups", "lambda-admins", "--password", ACCESS_PASSWORD]);
  idpUsers([
    "add",
    "pat",
    "--groups",
    "lambda-prod-operators,lambda-viewers",
    "--password",
    ACCESS_PASSWORD,
  ]);
  lambda = engineLambdaClient();
  await createTestFunction(lambda, FN);
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [FN]);
  lambda.destroy();
  await stack.stop();
});

async function signIn(browser: Browser, name: string, to = "/"): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${BASE}${to}`);
  await page.getByRole("button", { name: "Sign in with Team SSO" }).click();
  await expect(page).toHaveURL(new RegExp(`127\\.0\\.0\\.1:${ACCESS_IDP_PORT}/interaction/`));
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(ACCESS_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(
    (u) => u.port !== String(ACCESS_IDP_PORT) || u.pathname.startsWith("/interaction/"),
  );
  const allow = page.getByRole("button", { name: "Allow" });
  if (await allow.isVisible().catch(() => false)) await allow.click();
  await expect(page).toHaveURL(new RegExp(`localhost:${ACCESS_CONSOLE_PORT}/`));
  return page;
}

/**
 * Visits `url` until the visit ends at `expected` (a redirect made while rendering is completed by
 * the client router, after the load, so each visit waits a little for it).
 */
async function visitUntil(page: Page, url: string, expected: RegExp, timeout: number) {
  await expect(async () => {
    await page.goto(url).catch(() => undefined);
    await expect(page).toHaveURL(expected, { timeout: 3000 });
  }).toPass({ timeout });
}

async function switchTo(page: Page, targetId: string): Promise<void> {
  const res = await postServerAction(page, `${BASE}/`, SWITCH(), [{ targetId }]);
  expect(res.body).toContain('"ok":true');
}

test("a role per target: the header shows it and the server checks it on the target acted on", async ({
  browser,
}) => {
  const page = await signIn(browser, "pat");
  // Viewer on local, operator on production only.
  await expect(page.getByTestId("target-role")).toHaveText(/: viewer$/);
  const onLocal = await postServerAction(page, `${BASE}/functions/${FN}/concurrency`, RESERVE(), [
    { functionName: FN, reserved: 3 },
  ]);
  expect(onLocal.body).toContain(
    'Your role on target \\"local\\" does not allow this (it needs the \\"concurrency.write\\" permission).',
  );
  await switchTo(page, "prod");
  await page.goto(`${BASE}/functions/${FN}/concurrency`);
  await expect(page.getByTestId("target-role")).toHaveText(/: operator$/);
  const onProd = await postServerAction(page, `${BASE}/functions/${FN}/concurrency`, RESERVE(), [
    { functionName: FN, reserved: 3 },
  ]);
  expect(onProd.body).toContain('"ok":true');
  const after = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: FN }));
  expect(after.ReservedConcurrentExecutions).toBe(3);
  // Not an admin of every target: no console-wide pages.
  await page.goto(`${BASE}/access`);
  await expect(page).toHaveURL(/\/not-allowed\?permission=admin/);
  await page.context().close();
});

test("production guard: reserving 0 needs the typed function name, checked on the server", async ({
  browser,
}) => {
  await lambda.send(
    new PutFunctionConcurrencyCommand({ FunctionName: FN, ReservedConcurrentExecutions: 4 }),
  );
  const page = await signIn(browser, "alice");
  await switchTo(page, "prod");
  const path = `${BASE}/functions/${FN}/concurrency`;
  const bare = await postServerAction(page, path, RESERVE(), [{ functionName: FN, reserved: 0 }]);
  expect(bare.body).toContain(`type the function name \\"${FN}\\" to confirm`);
  const wrong = await postServerAction(page, path, RESERVE(), [
    { functionName: FN, reserved: 0, confirmation: "something-else" },
  ]);
  expect(wrong.body).toContain("does not match");
  const still = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: FN }));
  expect(still.ReservedConcurrentExecutions).toBe(4);

  // Through the UI: the dialog asks, and the typed name goes with the retry.
  await page.goto(path);
  await page.getByLabel(/Reserve concurrency/).fill("0");
  await page.getByRole("button", { name: "Save reserved concurrency" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm on production" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Confirm" })).toBeDisabled();
  await dialog.getByLabel("Confirmation").fill(FN);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Reserved concurrency is now 0." }),
  ).toBeVisible();
  const zero = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: FN }));
  expect(zero.ReservedConcurrentExecutions).toBe(0);
  await page.context().close();
});

test("production guard on the other resources: deleting a layer version needs its typed name", async ({
  browser,
}) => {
  const layer = `${FN}-layer`;
  await lambda.send(
    new PublishLayerVersionCommand({
      LayerName: layer,
      Content: { ZipFile: zipSync({ "python/guarded.py": Buffer.from("X = 1\n") }) },
    }),
  );
  const versions = async () =>
    (await lambda.send(new ListLayerVersionsCommand({ LayerName: layer }))).LayerVersions ?? [];
  const page = await signIn(browser, "alice");
  await switchTo(page, "prod");
  const path = `${BASE}/layers/${layer}`;
  const bare = await postServerAction(
    page,
    path,
    serverActionId("app/(console)/layers/actions.ts", "deleteLayerVersionAction"),
    [{ name: layer, version: 1 }],
  );
  expect(bare.body).toContain(`type the layer version \\"${layer}:1\\" to confirm`);
  expect(await versions()).toHaveLength(1);

  // Through the UI: the browser's confirm, then the typed name in the production dialog.
  await page.goto(path);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Delete version 1" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm on production" });
  await expect(dialog).toContainText(`type the layer version "${layer}:1" to confirm`);
  await dialog.getByLabel("Confirmation").fill(`${layer}:1`);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect.poll(async () => (await versions()).length).toBe(0);
  await page.context().close();
});

test("groups removed at the external IdP apply within the refresh interval; a removed user is out", async ({
  browser,
}) => {
  idpUsers(["add", "bob", "--groups", "lambda-admins", "--password", ACCESS_PASSWORD]);
  const page = await signIn(browser, "bob", "/access");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access");
  await expect(page.getByRole("table", { name: "Roles by target" })).toContainText(
    "lambda-prod-operators",
  );

  idpUsers(["groups", "bob", "lambda-viewers"]);
  // Re-read every 2 s here (at most every 5 minutes by default), through a refreshed token.
  await visitUntil(page, `${BASE}/access`, /\/not-allowed\?permission=admin/, 25_000);
  await expect(page.getByTestId("target-role")).toHaveText(/: viewer$/);

  idpUsers(["remove", "bob"]);
  await visitUntil(page, `${BASE}/functions`, /\/login/, 25_000);
  await page.context().close();
});

test("the session ends at its absolute lifetime even while in use", async ({ browser }) => {
  test.setTimeout((ACCESS_SESSION_SECONDS + 60) * 1000);
  const page = await signIn(browser, "alice", "/functions");
  const started = Date.now();
  await visitUntil(page, `${BASE}/functions`, /\/login/, (ACCESS_SESSION_SECONDS + 30) * 1000);
  expect(Date.now() - started).toBeGreaterThanOrEqual((ACCESS_SESSION_SECONDS - 10) * 1000);
  await page.context().close();
});
