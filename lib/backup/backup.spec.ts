import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect } from "vitest";
import {
  CreateFunctionCommand,
  InvokeCommand,
  ListFunctionsCommand,
  paginateListFunctions,
} from "@aws-sdk/client-lambda";
import { createInput, makeZip, type TestEngine } from "@/test/support/lambda";
import { enginesTest } from "@/test/support/fixtures";
import { settled } from "@/test/support/settled";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "backup-spec-"));
const test = enginesTest("backup-");
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The CLI as a user runs it (`npm run backup` is `tsx scripts/backup.ts`). */
const cli = (script: string, args: string[], dataDir: string) =>
  run(process.execPath, ["--import", "tsx", path.join(root, "scripts", script), ...args], {
    cwd: root,
    env: { ...process.env, LAMBDA_CONSOLE_DATA_DIR: dataDir },
  });

const codeOf = (i: number) =>
  makeZip({ "index.mjs": `export const handler = async () => ({ fn: ${i} });\n` });

async function names(t: TestEngine): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateListFunctions({ client: t.lambda }, {}))
    for (const f of page.Functions ?? []) out.push(f.FunctionName ?? "");
  return out.sort();
}

describe("npm run backup / npm run restore", () => {
  test("a backup taken while functions are being created restores into a dir that serves the same functions", async ({
    startEngine,
  }) => {
    const source = await startEngine();
    let created = 0;
    let writing = true;
    // Writes all through the backup: new functions (new blobs + rows) and invocations (logs, metrics).
    const writer = (async () => {
      while (writing) {
        await source.lambda.send(
          new CreateFunctionCommand(
            createInput(`fn-${created}`, { Code: { ZipFile: codeOf(created) } }),
          ),
        );
        await settled(source.lambda, `fn-${created}`);
        created++;
        await source.lambda.send(new InvokeCommand({ FunctionName: `fn-${created - 1}` }));
      }
    })();
    await expect.poll(() => created, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const createdBefore = created;
    const backup = path.join(tmp, "backup");
    const out = await cli("backup.ts", [backup], source.dataDir);
    const createdAfter = created;
    await expect.poll(() => created, { timeout: 30_000 }).toBeGreaterThan(createdAfter);
    writing = false;
    await writer;
    expect(out.stdout).toContain(`[backup] ${source.dataDir} -> ${backup}`);
    expect(out.stdout).toContain("engine.sqlite");

    const restored = path.join(tmp, "restored");
    const r = await cli("restore.ts", [backup], restored);
    expect(r.stdout).toContain(`-> ${restored}`);
    for (const f of ["engine.sqlite", "console.sqlite"].filter((f) =>
      fs.existsSync(path.join(restored, f)),
    )) {
      const db = new Database(path.join(restored, f), { readonly: true });
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      db.close();
    }

    const copy = await startEngine({
      LAMBDA_CONSOLE_DATA_DIR: restored,
      // The same keys: a restored data dir keeps the engine's credentials.
    });
    expect(copy.engine.ctx.config.accessKeyId).toBe(source.engine.ctx.config.accessKeyId);
    const got = await names(copy);
    // One committed state: fn-0..fn-(k-1) with no gaps, k between what existed before and after.
    const k = got.length;
    expect(k).toBeGreaterThanOrEqual(createdBefore);
    expect(k).toBeLessThanOrEqual(createdAfter + 1);
    expect(got).toEqual(Array.from({ length: k }, (_, i) => `fn-${i}`).sort());
    // Every restored function's code is there and runs.
    for (const i of [0, k - 1]) {
      await settled(copy.lambda, `fn-${i}`);
      const res = await copy.lambda.send(new InvokeCommand({ FunctionName: `fn-${i}` }));
      expect(JSON.parse(Buffer.from(res.Payload ?? []).toString())).toEqual({ fn: i });
    }
    // The source went on after the backup; the copy does not have what came later.
    expect(
      (await source.lambda.send(new ListFunctionsCommand({}))).Functions?.length,
    ).toBeGreaterThan(createdAfter);
  });

  test("restore refuses a data dir that is not empty, and a directory that is not a backup", async () => {
    const target = path.join(tmp, "busy");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "engine.sqlite"), "precious");
    const backup = path.join(tmp, "backup");
    const err = await cli("restore.ts", [backup], target).catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toContain(
      `${target} is not empty: stop Lambda Console`,
    );
    expect(fs.readFileSync(path.join(target, "engine.sqlite"), "utf8")).toBe("precious");
    const notBackup = await cli("restore.ts", [target], path.join(tmp, "x")).catch(
      (e: { stderr: string }) => e,
    );
    expect((notBackup as { stderr: string }).stderr).toContain("is not a Lambda Console backup");
  });
});
