import { expect, test } from "@playwright/test";
import {
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import {
  ROLE_USER_PASSWORD,
  ROLE_USERS,
  postServerAction,
  serverActionId,
  signInThroughIdp,
} from "./support/auth";
import { zipSync } from "fflate";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const NAME = `e2e-url-${Date.now().toString(36)}`;
let lambda: LambdaClient;

const WEB = zipSync({
  "index.mjs": Buffer.from(
    "export const handler = async (e) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: e.rawPath, method: e.requestContext.http.method, body: e.body ?? null }) });\n",
  ),
});

/** The path form of a local function URL, reachable without resolving *.localhost. */
function pathForm(url: string, path: string): string {
  const u = new URL(url);
  return `http://127.0.0.1:${u.port}/lambda-url/${u.hostname.split(".")[0]}${path}`;
}

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  await createTestFunction(lambda, NAME, { Code: { ZipFile: WEB } });
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

test("create a public function URL, try it, see its permission and trigger, then make it IAM-only", async ({
  page,
  request,
}) => {
  await page.goto(`/functions/${NAME}/url`);
  await expect(page.getByTestId("no-url")).toBeVisible();

  await page.getByLabel(/NONE: public/).check();
  await page.getByLabel("Configure cross-origin resource sharing (CORS)").check();
  await page.getByLabel("Allow origins").fill("https://app.example");
  await page.getByLabel("Allow methods").fill("GET, POST");
  await page.getByRole("button", { name: "Create function URL" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Function URL created." })).toBeVisible();

  const link = page.getByTestId("function-url");
  await expect(link).toHaveText(/^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/);
  await expect(page.getByTestId("url-auth-type")).toHaveText("NONE");
  const url = (await link.textContent()) ?? "";

  // Anyone can call it: the console added the statement AWS requires for AuthType NONE.
  const direct = await request.get(pathForm(url, "/from-test"));
  expect(direct.status()).toBe(200);
  expect(await direct.json()).toEqual({ path: "/from-test", method: "GET", body: null });

  // Try it, from the console.
  await page.getByLabel("Method", { exact: true }).selectOption("POST");
  await page.getByLabel("Path").fill("/orders?id=7");
  await page.getByLabel("Request body").fill('{"qty":2}');
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByTestId("try-status")).toHaveText("200");
  await expect(page.getByTestId("try-body")).toContainText('"path":"/orders"');
  await expect(page.getByTestId("try-body")).toContainText('\\"qty\\":2');

  // The permission and the trigger show up where a user looks for them.
  await page.goto(`/functions/${NAME}/permissions`);
  const row = page.getByTestId("statement-FunctionURLAllowPublicAccess");
  await expect(row).toContainText("lambda:InvokeFunctionUrl");
  await expect(row).toContainText("lambda:FunctionUrlAuthType = NONE");
  await page.goto(`/functions/${NAME}`);
  await expect(page.getByTestId("triggers-panel")).toContainText(`Function URL (NONE): ${url}`);

  // AWS_IAM: the public statement goes; an unsigned request is refused, the console's signed one runs.
  await page.goto(`/functions/${NAME}/url`);
  await page.getByLabel(/AWS_IAM: only SigV4-signed/).check();
  await page.getByRole("button", { name: "Save function URL" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Function URL saved." })).toBeVisible();
  await expect(page.getByTestId("url-auth-type")).toHaveText("AWS_IAM");
  expect((await request.get(pathForm(url, "/"))).status()).toBe(403);
  await page.reload();
  await expect(page.getByTestId("try-status")).toHaveCount(0);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByTestId("try-status")).toHaveText("200");
  await page.goto(`/functions/${NAME}/permissions`);
  await expect(page.getByTestId("no-statements")).toBeVisible();
});

test("viewer: sees the URL page without forms, cannot open the function by posting the actions", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInThroughIdp(page, ROLE_USERS.viewer.name, ROLE_USER_PASSWORD);
  await page.goto(`/functions/${NAME}/url`);
  await expect(page.getByTestId("function-url")).toBeVisible();
  await expect(
    page.getByRole("button", { name: /Save function URL|Create function URL/ }),
  ).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send request" })).toHaveCount(0);

  const opened = await postServerAction(
    page,
    `/functions/${NAME}/permissions`,
    serverActionId("app/(console)/functions/[name]/permissions/actions.ts", "addStatement"),
    [
      {
        functionName: NAME,
        statementId: "viewer-pwned",
        principal: "*",
        action: "lambda:InvokeFunctionUrl",
        sourceArn: "",
        sourceAccount: "",
        functionUrlAuthType: "NONE",
      },
    ],
  );
  expect(opened.body).toContain('\\"functions.write\\" permission');
  const removed = await postServerAction(
    page,
    `/functions/${NAME}/url`,
    serverActionId("app/(console)/functions/[name]/url/actions.ts", "removeUrl"),
    [{ functionName: NAME }],
  );
  expect(removed.body).toContain('\\"functions.write\\" permission');
  const tried = await postServerAction(
    page,
    `/functions/${NAME}/url`,
    serverActionId("app/(console)/functions/[name]/url/actions.ts", "tryUrl"),
    [{ functionName: NAME, method: "GET", path: "/", body: "", contentType: "" }],
  );
  expect(tried.body).toContain('\\"functions.invoke\\" permission');
  // Nothing changed: the URL is still there and the policy has no new statement.
  await expect(
    lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: NAME })),
  ).resolves.toBeDefined();
  const policy = await lambda
    .send(new GetPolicyCommand({ FunctionName: NAME }))
    .catch(() => undefined);
  expect(policy?.Policy ?? "").not.toContain("viewer-pwned");
  await context.close();
});
