import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import {
  InvokeCommand,
  waitUntilFunctionActiveV2,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { zipSync } from "fflate";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

// Creating a PostgreSQL cluster and a PgBouncer takes seconds; the flow does it all in the UI.
test.setTimeout(240_000);

const SUFFIX = Date.now().toString(36);
const DB = `e2e-db-${SUFFIX}`;
const PROXY = `e2e-proxy-${SUFFIX}`;
const FN = `e2e-dbfn-${SUFFIX}`;
const CODE_DIR = path.join(process.cwd(), "lib/blueprints/catalog/postgres-query-python/code");
let lambda: LambdaClient;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  const files = Object.fromEntries(
    fs.readdirSync(CODE_DIR).map((f) => [f, fs.readFileSync(path.join(CODE_DIR, f))]),
  );
  await createTestFunction(lambda, FN, {
    Runtime: "python3.12",
    Handler: "lambda_function.lambda_handler",
    Timeout: 15,
    Code: { ZipFile: zipSync(files) },
    Environment: { Variables: { DB_SSLMODE: "require" } },
  });
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
    { FunctionName: FN },
  );
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [FN]);
  lambda.destroy();
});

test("create a database and an IAM proxy in the console, connect a function, query through it, delete both", async ({
  page,
}) => {
  page.on("dialog", (d) => void d.accept());
  await page.goto("/databases");
  await expect(page.getByRole("heading", { name: "Databases", level: 1 })).toBeVisible();

  // Create database wizard: creating → available, shown as progress.
  const dbForm = page.getByRole("form", { name: "Create database" });
  await dbForm.getByLabel("DB instance identifier").fill(DB);
  await dbForm.getByLabel("Master username").fill("app");
  await dbForm.getByLabel("Master password").fill("e2e-Passw0rd");
  await dbForm.getByRole("button", { name: "Create database" }).click();
  const dbProgress = dbForm.getByRole("list", { name: "Progress" });
  await expect(
    dbProgress.getByRole("listitem").filter({ hasText: "Wait until available" }),
  ).toHaveAttribute("data-state", "done", { timeout: 90_000 });
  await expect(page.getByTestId(`instance-${DB}`).getByTestId("instance-status")).toHaveText(
    "available",
  );

  // Create proxy wizard: secret + proxy, available, target registered and healthy.
  const proxyForm = page.getByRole("form", { name: "Create proxy" });
  await proxyForm.getByLabel("Proxy identifier").fill(PROXY);
  await proxyForm.getByLabel("Target DB instance").selectOption(DB);
  await proxyForm.getByLabel("Database user (stored in a new secret)").fill("app");
  await proxyForm.getByLabel("Database password").fill("e2e-Passw0rd");
  await proxyForm.getByLabel("Require IAM authentication").check();
  await proxyForm.getByRole("button", { name: "Create proxy" }).click();
  const proxyProgress = proxyForm.getByRole("list", { name: "Progress" });
  await expect(
    proxyProgress.getByRole("listitem").filter({ hasText: "Wait until the target is healthy" }),
  ).toHaveAttribute("data-state", "done", { timeout: 90_000 });
  await page.reload();
  const card = page.getByTestId(`proxy-${PROXY}`);
  await expect(card.getByTestId("proxy-status")).toHaveText("available");
  await expect(card.getByTestId("target-health")).toHaveText("AVAILABLE");
  await expect(card).toContainText("IAM required");

  // Function → Configuration → Database proxies: connect.
  await page.goto(`/functions/${FN}?tab=configuration`);
  await page.getByRole("link", { name: "Connect to a database proxy" }).click();
  await expect(page).toHaveURL(new RegExp(`/functions/${FN}/database-proxies$`));
  const row = page.getByTestId(`fn-proxy-${PROXY}`);
  await expect(row.getByTestId("connection-state")).toHaveText("not connected");
  await row.getByRole("button", { name: "Connect" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Connected to ${PROXY}.` }),
  ).toBeVisible();
  await page.reload();
  await expect(row.getByTestId("connection-state")).toHaveText("connected");

  // The function queries through the proxy with an IAM token from its own credentials.
  await expect
    .poll(
      async () => {
        const out = await lambda.send(
          new InvokeCommand({ FunctionName: FN, Payload: Buffer.from("{}") }),
        );
        return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString()) as Record<
          string,
          unknown
        >;
      },
      { timeout: 30_000 },
    )
    .toMatchObject({ command: "SELECT 1", rowCount: 1, rows: [{ user_name: "app", two: 2 }] });

  // The live pool figures count it.
  await page.goto("/databases");
  await expect(page.getByTestId(`proxy-${PROXY}`).getByTestId("pool-figures")).toContainText(
    /queries [1-9]/,
  );

  // Delete the proxy, then the database: both go away.
  await page
    .getByRole("region", { name: `Proxy ${PROXY}` })
    .getByRole("button", { name: "Delete proxy" })
    .click();
  await expect(page.getByTestId(`proxy-${PROXY}`)).toHaveCount(0, { timeout: 30_000 });
  await page.getByTestId(`instance-${DB}`).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId(`instance-${DB}`)).toHaveCount(0, { timeout: 60_000 });
});
