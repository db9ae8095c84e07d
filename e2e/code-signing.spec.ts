import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { zipSync } from "fflate";
import {
  CreateCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  InvokeCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { PutSigningProfileCommand, SignerClient } from "@aws-sdk/client-signer";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";
import { E2E_DATA_DIR, E2E_ENGINE_PORT, E2E_ROOT } from "./support/env";
import {
  ROLE_USER_PASSWORD,
  ROLE_USERS,
  postServerAction,
  serverActionId,
  signInThroughIdp,
} from "./support/auth";

async function signedInPage(browser: Browser, who: "viewer" | "developer"): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInThroughIdp(page, ROLE_USERS[who].name, ROLE_USER_PASSWORD);
  return page;
}

const NAME = `e2e-signed-${Date.now().toString(36)}`;
const PROFILE = `e2e_release_${Date.now().toString(36)}`;
let lambda: LambdaClient;
let signer: SignerClient;
let cscId = "";

const SIGNED_CODE = zipSync({
  "index.mjs": Buffer.from('export const handler = async () => "signed and deployed";\n'),
});

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  const creds = JSON.parse(
    fs.readFileSync(path.join(E2E_ROOT, E2E_DATA_DIR, "engine-credentials.json"), "utf8"),
  ) as { accessKeyId: string; secretAccessKey: string };
  signer = new SignerClient({
    endpoint: `http://127.0.0.1:${E2E_ENGINE_PORT}`,
    region: "us-east-1",
    credentials: creds,
    maxAttempts: 1,
  });
  const profile = await signer.send(
    new PutSigningProfileCommand({ profileName: PROFILE, platformId: "AWSLambda-SHA384-ECDSA" }),
  );
  const csc = await lambda.send(
    new CreateCodeSigningConfigCommand({
      Description: "e2e release",
      AllowedPublishers: { SigningProfileVersionArns: [profile.profileVersionArn ?? ""] },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Enforce" },
    }),
  );
  cscId = csc.CodeSigningConfig?.CodeSigningConfigId ?? "";
  // Deployed before the configuration exists: unsigned, and it keeps running once attached.
  await createTestFunction(lambda, NAME);
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [NAME]);
  lambda.destroy();
  signer.destroy();
});

test("attach a configuration, then Sign and deploy a package", async ({ page }) => {
  await page.goto(`/functions/${NAME}/code-signing`);
  await page.getByLabel("Configuration").selectOption({ label: `${cscId} (Enforce, e2e release)` });
  await page.getByRole("button", { name: "Attach configuration" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Attached" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("signature-badge")).toHaveText("Unsigned code (Enforce policy)");

  await page.getByLabel("Package (.zip)").setInputFiles({
    name: "app.zip",
    mimeType: "application/zip",
    buffer: Buffer.from(SIGNED_CODE),
  });
  await page.getByLabel("Signing profile").selectOption(PROFILE);
  await page.getByRole("button", { name: "Sign and deploy" }).click();
  for (const step of [0, 1, 2, 3])
    await expect(page.getByTestId(`sign-step-${step}`)).toHaveAttribute("data-state", "done", {
      timeout: 60_000,
    });
  await expect(page.getByTestId("sign-step-1")).toContainText("job ");
  await expect(
    page.getByRole("status").filter({ hasText: "Deployed the signed package" }),
  ).toBeVisible();

  // What Lambda says: the signed package runs, and it knows who signed it.
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: NAME }));
  expect(fn.Configuration?.SigningProfileVersionArn).toContain(`/signing-profiles/${PROFILE}/`);
  const out = await lambda.send(new InvokeCommand({ FunctionName: NAME }));
  expect(Buffer.from(out.Payload ?? new Uint8Array()).toString()).toBe('"signed and deployed"');

  await page.goto(`/functions/${NAME}`);
  await expect(page.getByTestId("signature-badge")).toContainText(`Signed by ${PROFILE}`);

  // The buckets browser shows the unsigned upload and the signed package.
  await page.goto("/code-signing/buckets/lambda-console-signing");
  await expect(page.getByTestId("object-versions")).toContainText(`unsigned/${NAME}/`);
  await expect(page.getByTestId("object-versions")).toContainText("signed/");

  // The Code signing page: the profile, and the configuration with the function that uses it.
  await page.goto("/code-signing");
  await expect(page.getByTestId("signing-profiles")).toContainText(PROFILE);
  await expect(page.getByTestId("code-signing-configs")).toContainText(cscId);
  await expect(page.getByTestId("code-signing-configs")).toContainText(NAME);
});

test("viewer browses and downloads from buckets but cannot upload, not even by posting the action", async ({
  browser,
}) => {
  const page = await signedInPage(browser, "viewer");
  await page.goto("/code-signing/buckets/lambda-console-signing");
  await expect(page.getByTestId("object-versions")).toContainText(`unsigned/${NAME}/`);
  await expect(page.getByRole("button", { name: "Upload" })).toHaveCount(0);
  const href = await page.getByRole("link", { name: "Download" }).first().getAttribute("href");
  const download = await page.request.get(href ?? "");
  expect(download.status()).toBe(200);
  expect((await download.body()).subarray(0, 2).toString()).toBe("PK");
  const upload = await postServerAction(
    page,
    "/code-signing/buckets/lambda-console-signing",
    serverActionId("app/(console)/code-signing/buckets/[bucket]/actions.ts", "uploadObjectAction"),
    [{ bucket: "lambda-console-signing", key: "planted.zip" }],
  );
  expect(upload.body).toContain('\\"functions.write\\" permission');
  await page.context().close();
});

test("developer cannot detach the configuration, not even by posting the action", async ({
  browser,
}) => {
  const page = await signedInPage(browser, "developer");
  await page.goto(`/functions/${NAME}/code-signing`);
  await expect(page.getByTestId("attached-config")).toBeVisible();
  await expect(page.getByRole("button", { name: "Detach configuration" })).toHaveCount(0);
  const detached = await postServerAction(
    page,
    `/functions/${NAME}/code-signing`,
    serverActionId("app/(console)/functions/[name]/code-signing/actions.ts", "detachConfigAction"),
    [{ functionName: NAME }],
  );
  expect(detached.body).toContain('\\"admin\\" permission');
  const still = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: NAME }));
  expect(still.CodeSigningConfigArn).toContain(cscId);
  await page.context().close();
});
