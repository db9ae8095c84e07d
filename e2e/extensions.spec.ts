import { expect, test } from "@playwright/test";
import { zipSync } from "fflate";
import {
  InvokeCommand,
  PublishLayerVersionCommand,
  waitUntilFunctionActiveV2,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";

const STAMP = Date.now().toString(36);
const FN = `e2e-ext-${STAMP}`;
let lambda: LambdaClient;

// A real external extension (sh + curl): registers for INVOKE and SHUTDOWN, logs each event.
const EXTENSION = `#!/bin/sh
API="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
ID=$(curl -sS -D - -o /dev/null -X POST -H "Lambda-Extension-Name: e2e-ext" \\
  -d '{"events":["INVOKE","SHUTDOWN"]}' "$API/register" | tr -d '\\r' | sed -n 's/^[Ll]ambda-[Ee]xtension-[Ii]dentifier: //p')
while true; do
  EVENT=$(curl -sS -H "Lambda-Extension-Identifier: $ID" "$API/event/next") || exit 1
  echo "got $EVENT"
  case "$EVENT" in *SHUTDOWN*) exit 0 ;; esac
done
`;

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  const layer = await lambda.send(
    new PublishLayerVersionCommand({
      LayerName: `e2e-ext-layer-${STAMP}`,
      Content: {
        ZipFile: zipSync({
          "extensions/e2e-ext": [Buffer.from(EXTENSION), { os: 3, attrs: (0o100755 << 16) >>> 0 }],
        }),
      },
    }),
  );
  await createTestFunction(lambda, FN, { Layers: [layer.LayerVersionArn ?? ""] });
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1 },
    { FunctionName: FN },
  );
  const r = await lambda.send(new InvokeCommand({ FunctionName: FN, Payload: Buffer.from("{}") }));
  expect(r.FunctionError).toBeUndefined();
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [FN]);
  lambda.destroy();
});

test("the Logs tab lists the extensions of the last init and filters the log by source", async ({
  page,
}) => {
  await page.context().clearCookies({ name: "lc-target" });
  await page.goto(`/functions/${FN}?tab=logs`);
  const table = page.getByTestId("extensions-table");
  await expect(table).toBeVisible();
  const row = table.getByRole("row", { name: /e2e-ext/ });
  await expect(row).toContainText("Ready");
  await expect(row).toContainText("INVOKE, SHUTDOWN");

  const lines = page.getByTestId("log-line");
  await expect(lines.filter({ hasText: "START RequestId" })).toHaveCount(1);
  await page.getByLabel("Log source").selectOption("extension");
  await expect(page).toHaveURL(/source=extension/);
  await expect(lines.filter({ hasText: "[e2e-ext] got" })).toHaveCount(1);
  await expect(lines.filter({ hasText: "EXTENSION" })).toHaveCount(1);
  await expect(lines.filter({ hasText: "START RequestId" })).toHaveCount(0);

  await page.getByLabel("Log source").selectOption("platform");
  await expect(lines.filter({ hasText: "REPORT RequestId" })).toHaveCount(1);
  await expect(lines.filter({ hasText: "[e2e-ext]" })).toHaveCount(0);
});
