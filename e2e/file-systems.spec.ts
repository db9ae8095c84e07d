import fs from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  waitUntilFunctionActiveV2,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { ROLE_USER_PASSWORD, ROLE_USERS, signInThroughIdp } from "./support/auth";
import { createTestFunction, deleteFunctions, engineLambdaClient } from "./support/engine-client";
import { E2E_DATA_DIR, E2E_ROOT } from "./support/env";

const SUFFIX = Date.now().toString(36);
const FS_NAME = `e2e-fs-${SUFFIX}`;
const FN = `e2e-fs-fn-${SUFFIX}`;
let lambda: LambdaClient;

// Appends to /mnt/data/log.txt and returns who it runs as and what it sees there.
const HANDLER = `import { appendFileSync, readdirSync, readFileSync, existsSync } from "node:fs";
export const handler = async (event) => {
  appendFileSync("/mnt/data/log.txt", String(event.line ?? "x") + "\\n");
  const uploaded = existsSync("/mnt/data/uploaded.txt") ? readFileSync("/mnt/data/uploaded.txt", "utf8") : null;
  return { uid: process.getuid(), files: readdirSync("/mnt/data").sort(), uploaded };
};
`;

async function invoke(
  event: unknown,
): Promise<{ uid: number; files: string[]; uploaded: string | null }> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: FN, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8");
  expect(out.FunctionError, text).toBeUndefined();
  return JSON.parse(text) as { uid: number; files: string[]; uploaded: string | null };
}

async function viewerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInThroughIdp(page, ROLE_USERS.viewer.name, ROLE_USER_PASSWORD);
  return page;
}

test.beforeAll(async () => {
  lambda = engineLambdaClient();
  await createTestFunction(lambda, FN, {
    Code: { ZipFile: zipSync({ "index.mjs": Buffer.from(HANDLER) }) },
  });
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1 },
    { FunctionName: FN },
  );
});

test.afterAll(async () => {
  await deleteFunctions(lambda, [FN]);
  lambda.destroy();
});

test("file systems: create, add an access point, attach to a function, browse, upload, delete; viewers only read", async ({
  page,
  browser,
  context,
}) => {
  test.setTimeout(180_000);
  await context.clearCookies({ name: "lc-target" });

  // Create a file system (with the mount target Lambda needs) and an access point.
  await page.goto("/file-systems");
  await page.getByLabel("Name", { exact: true }).first().fill(FS_NAME);
  await page.getByRole("button", { name: "Create file system" }).click();
  await expect(page.getByRole("status")).toContainText("Created fs-");
  const card = page.locator("section").filter({ hasText: FS_NAME });
  await expect(card).toContainText("available");
  await expect(card).toContainText("subnet-00000000000000001");
  const fileSystemId =
    (await card.locator("[data-file-system]").getAttribute("data-file-system")) ?? "";
  expect(fileSystemId).toMatch(/^fs-[0-9a-f]{17}$/);
  await card.getByText("Create an access point").click();
  await card.getByLabel("Name", { exact: true }).fill("writer");
  await card.getByLabel("Root directory path").fill("/app");
  await card.getByLabel("POSIX user id").fill("1000");
  await card.getByLabel("POSIX group id").fill("1000");
  await card.getByLabel("Root directory owner uid").fill("1000");
  await card.getByLabel("Root directory owner gid").fill("1000");
  await card.getByLabel("Root directory permissions").fill("755");
  await card.getByRole("button", { name: "Create access point" }).click();
  const apRow = card.getByRole("row").filter({ hasText: "writer" });
  await expect(apRow).toContainText("1000:1000");
  await expect(apRow).toContainText("/app");

  // Function → Configuration → File system: attach it at /mnt/data.
  await page.goto(`/functions/${FN}?tab=configuration`);
  const panel = page.getByTestId("function-file-system");
  await expect(panel).toContainText("No file system is mounted.");
  await panel
    .getByLabel("Access point")
    .selectOption({ label: `${FS_NAME} / writer (/app, 1000:1000)` });
  await panel.getByLabel("Local mount path").fill("/mnt/data");
  await panel.getByRole("button", { name: "Save file system" }).click();
  await expect(panel).toContainText("Mounted at /mnt/data");
  await expect
    .poll(async () => {
      const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: FN }));
      return c.LastUpdateStatus;
    })
    .toBe("Successful");
  const first = await invoke({ line: "from e2e" });
  expect(first).toMatchObject({ uid: 1000, files: ["log.txt"], uploaded: null });

  // The file systems page says who mounts the access point; the browser shows the function's file.
  await page.goto("/file-systems");
  await expect(card.getByRole("row").filter({ hasText: "writer" })).toContainText(FN);
  await card.getByRole("link", { name: "Browse files" }).click();
  await page.getByRole("link", { name: "app/" }).click();
  const logRow = page.locator("[data-entry='log.txt']");
  await expect(logRow).toContainText("1000:1000");
  const download = await page.request.get(
    `/file-systems/${fileSystemId}/files?path=${encodeURIComponent("/app/log.txt")}`,
  );
  expect(await download.text()).toBe("from e2e\n");

  // Upload a file and make a folder: owned by the folder's owner, so the function reads it.
  const upload = path.join(E2E_ROOT, E2E_DATA_DIR, `upload-${SUFFIX}`, "uploaded.txt");
  fs.mkdirSync(path.dirname(upload), { recursive: true });
  fs.writeFileSync(upload, "hello from the console");
  await page.getByLabel("Upload a file").setInputFiles(upload);
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Uploaded uploaded.txt");
  await expect(page.locator("[data-entry='uploaded.txt']")).toContainText("1000:1000");
  await page.getByLabel("New folder").fill("reports");
  await page.getByRole("button", { name: "Create folder" }).click();
  await expect(page.locator("[data-entry='reports']")).toBeVisible();
  expect((await invoke({ line: "second" })).uploaded).toBe("hello from the console");
  // A file over the proxy's 10 MB body buffer arrives whole (the route streams it).
  const big = Buffer.alloc(12 * 1024 * 1024, "e2e-big-");
  const bigUpload = await page.request.post(
    `/file-systems/${fileSystemId}/files?dir=/app&name=big.bin`,
    { data: big, headers: { "content-type": "application/octet-stream" } },
  );
  expect(bigUpload.status(), await bigUpload.text()).toBe(200);
  expect(await bigUpload.json()).toEqual({ name: "big.bin", size: big.length });
  const bigDownload = await page.request.get(
    `/file-systems/${fileSystemId}/files?path=${encodeURIComponent("/app/big.bin")}`,
  );
  expect(Buffer.compare(await bigDownload.body(), big)).toBe(0);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Delete reports" }).click();
  await expect(page.locator("[data-entry='reports']")).toHaveCount(0);
  // A traversal attempt through the download route gets nothing.
  const escape = await page.request.get(
    `/file-systems/${fileSystemId}/files?path=${encodeURIComponent("/../../engine-credentials.json")}`,
  );
  expect(escape.status()).toBe(400);

  // A viewer browses and downloads, but cannot upload (not even by posting the route).
  const viewer = await viewerPage(browser);
  await viewer.goto(`/file-systems/${fileSystemId}?path=/app`);
  await expect(viewer.locator("[data-entry='uploaded.txt']")).toBeVisible();
  await expect(viewer.getByLabel("Upload a file")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  const refused = await viewer.request.post(
    `/file-systems/${fileSystemId}/files?dir=/app&name=viewer.txt`,
    { data: "nope" },
  );
  expect(refused.status()).toBe(403);
  await viewer.context().close();
  expect((await invoke({ line: "third" })).files).not.toContain("viewer.txt");

  // Every change is in the audit log.
  await page.goto("/audit?action=file-systems.upload");
  await expect(page.getByRole("table", { name: "Audit entries" })).toContainText("uploaded.txt");
  await page.goto("/audit?action=file-systems.make-folder");
  await expect(page.getByRole("table", { name: "Audit entries" })).toContainText("reports");

  // A file system in use cannot be deleted; the console says why.
  await page.goto("/file-systems");
  page.once("dialog", (d) => void d.accept());
  await card.getByRole("button", { name: `Delete file system ${fileSystemId}` }).click();
  await expect(card.getByRole("alert")).toContainText("in use");
});
