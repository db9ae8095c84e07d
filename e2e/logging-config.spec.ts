import { expect, test } from "@playwright/test";
import { GetFunctionConfigurationCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import {
  ROLE_USER_PASSWORD,
  ROLE_USERS,
  postServerAction,
  serverActionId,
  signInThroughIdp,
} from "./support/auth";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const NAME = `e2e-logcfg-${Date.now().toString(36)}`;
const GROUP = `/custom/${NAME}`;
let lambda: LambdaClient;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  await createTestFunction(lambda, NAME);
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
});

const logging = async () =>
  (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: NAME }))).LoggingConfig;

test("Monitoring and operations tools: AWS's errors on bad input, then JSON with levels and a custom group, then X-Ray", async ({
  page,
}) => {
  await page.goto(`/functions/${NAME}`);
  await page.getByRole("link", { name: "Monitoring and operations tools" }).click();
  await expect(page).toHaveURL(new RegExp(`/functions/${NAME}/monitoring$`));
  await expect(page.getByTestId("log-format")).toHaveText("Text");
  await expect(page.getByTestId("log-group")).toHaveText(`/aws/lambda/${NAME}`);

  // A level with the Text format: the service's own message, and nothing changes.
  await page.getByLabel("Application log level (JSON only)").selectOption("WARN");
  await page.getByRole("button", { name: "Save logging configuration" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "LogLevel" })).toHaveText(
    'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "Json" and try again.',
  );

  // A log group name outside the model's pattern.
  await page.getByLabel("Log format").selectOption("JSON");
  await page.getByLabel("Log group").fill("bad group!");
  await page.getByRole("button", { name: "Save logging configuration" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "bad group!" })).toContainText(
    "Value 'bad group!' at 'loggingConfig.logGroup' failed to satisfy constraint",
  );
  expect(await logging()).toEqual({ LogFormat: "Text", LogGroup: `/aws/lambda/${NAME}` });

  await page.getByLabel("System log level (JSON only)").selectOption("WARN");
  await page.getByLabel("Log group").fill(GROUP);
  await page.getByRole("button", { name: "Save logging configuration" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved:" })).toHaveText(
    `Saved: JSON logs to ${GROUP}.`,
  );
  await expect(page.getByTestId("log-format")).toHaveText("JSON");
  await expect(page.getByTestId("application-log-level")).toHaveText("WARN");
  await expect(page.getByTestId("system-log-level")).toHaveText("WARN");
  await expect(page.getByTestId("log-group")).toHaveText(GROUP);
  expect(await logging()).toEqual({
    LogFormat: "JSON",
    ApplicationLogLevel: "WARN",
    SystemLogLevel: "WARN",
    LogGroup: GROUP,
  });

  // AWS X-Ray active tracing: stored and returned (the local engine says it records no traces).
  await expect(page.getByTestId("tracing-mode")).toHaveText("PassThrough");
  await page.getByLabel("Active tracing (AWS X-Ray)").check();
  await page.getByRole("button", { name: "Save tracing" }).click();
  await expect(page.getByRole("status").filter({ hasText: "tracing" })).toHaveText(
    "Saved: tracing Active.",
  );
  await expect(page.getByTestId("tracing-mode")).toHaveText("Active");
  const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: NAME }));
  expect(c.TracingConfig).toEqual({ Mode: "Active" });
});

test("viewer: sees the settings without the form; posting the action is refused", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInThroughIdp(page, ROLE_USERS.viewer.name, ROLE_USER_PASSWORD);
  await page.goto(`/functions/${NAME}/monitoring`);
  await expect(page.getByTestId("log-format")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save logging configuration" })).toHaveCount(0);
  const config = () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: NAME }));
  const before = await config();
  const posted = await postServerAction(
    page,
    `/functions/${NAME}/monitoring`,
    serverActionId("app/(console)/functions/[name]/monitoring/actions.ts", "saveLoggingConfig"),
    [
      {
        functionName: NAME,
        logFormat: "Text",
        applicationLogLevel: "",
        systemLogLevel: "",
        logGroup: "/viewer/was-here",
      },
    ],
  );
  expect(posted.body).toContain('\\"functions.write\\" permission');
  const tracing = await postServerAction(
    page,
    `/functions/${NAME}/monitoring`,
    serverActionId("app/(console)/functions/[name]/monitoring/actions.ts", "saveTracing"),
    [{ functionName: NAME, mode: "PassThrough" }],
  );
  expect(tracing.body).toContain('\\"functions.write\\" permission');
  const after = await config();
  expect([after.LoggingConfig, after.TracingConfig]).toEqual([
    before.LoggingConfig,
    before.TracingConfig,
  ]);
  await context.close();
});
