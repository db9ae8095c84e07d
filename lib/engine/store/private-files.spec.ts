import fs from "node:fs";
import path from "node:path";
import { CreateFunctionCommand } from "@aws-sdk/client-lambda";
import { describe, expect } from "vitest";
import { makeZip, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { openConsoleDb } from "../../console-db/db";

// Issue 13: what the engine and the console keep in the data dir (SQLite stores, keys, code
// blobs) is readable by its owner only: files 0600, directories 0700.
let t: TestEngine;

const test = engineTest("private-files-", { LAMBDA_ENGINE_SANDBOX: "none" });

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: "private-files",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Role: "arn:aws:iam::000000000000:role/x",
      Code: { ZipFile: makeZip({ "index.mjs": "export const handler = async () => 1;" }) },
    }),
  );
  openConsoleDb(t.dataDir).close();
});

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    out.push(p);
    // Unpacked code keeps the package's own modes, inside a 0700 directory.
    if (e.isDirectory() && e.name !== "unpacked") walk(p, out);
  }
  return out;
}

describe("data-dir permissions", () => {
  test("keeps stores, keys and blobs 0600 and directories 0700", () => {
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(t.dataDir)).toBe(0o700);
    const entries = walk(t.dataDir);
    const names = entries.map((p) => path.relative(t.dataDir, p));
    expect(names).toEqual(
      expect.arrayContaining(["engine.sqlite", "console.sqlite", "engine-credentials.json"]),
    );
    expect(names.some((n) => n.startsWith("code"))).toBe(true);
    const loose = entries
      .filter((p) => (fs.statSync(p).isDirectory() ? mode(p) !== 0o700 : mode(p) !== 0o600))
      .map((p) => `${path.relative(t.dataDir, p)} ${mode(p).toString(8)}`);
    expect(loose).toEqual([]);
  });
});
