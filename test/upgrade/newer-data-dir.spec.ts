import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { startEngine } from "@/lib/engine/engine";
import { SCHEMA } from "@/lib/engine/store/schema";
import { openDb } from "@/lib/engine/store/db";
import { openConsoleDb } from "@/lib/console-db/db";
import { UserStore } from "@/lib/idp/user-store";
import { DataDirTooNewError, LAYOUT_FILE, LAYOUT_VERSION } from "@/lib/data-dir-version";

// A data dir written by a newer version: refused with a message that says so, and left as it was.
const ARCHIVE = path.resolve(import.meta.dirname, "../fixtures/data-dir-v1/data.tar.gz");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The fixture data dir, then `edit` applied as a newer version would have left it. */
function newerDataDir(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newer-data-dir-"));
  dirs.push(dir);
  execFileSync("tar", ["-C", dir, "-xzf", ARCHIVE]);
  edit(dir);
  return dir;
}

/** Every file's path and sha256: what "not modified" means. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, rel);
    const st = fs.lstatSync(p);
    if (st.isFile())
      out[rel] = crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
    else out[rel] = st.isDirectory() ? "dir" : "other";
  }
  return out;
}

const engineEnv = (dir: string) => ({
  NODE_ENV: "test",
  LAMBDA_CONSOLE_DATA_DIR: dir,
  LAMBDA_ENGINE_PORT: "0",
  LAMBDA_REGISTRY_PORT: "off",
});

async function engineRefusal(dir: string): Promise<Error> {
  const err = await startEngine(engineEnv(dir)).then(
    async (e) => {
      await e.stop();
      throw new Error("the engine opened a newer data dir");
    },
    (e: unknown) => e as Error,
  );
  return err;
}

describe("a data dir from a newer version", () => {
  test("an engine store with a newer schema: the engine refuses to start and changes nothing", async () => {
    const dir = newerDataDir((d) => {
      const db = new Database(path.join(d, "engine.sqlite"));
      db.pragma(`user_version = ${SCHEMA.length + 1}`);
      db.close();
    });
    const before = snapshot(dir);
    const err = await engineRefusal(dir);
    expect(err).toBeInstanceOf(DataDirTooNewError);
    expect(err.message).toContain(`The data dir ${dir} was written by a newer version`);
    expect(err.message).toContain(
      `engine store schema version ${SCHEMA.length + 1}; this version knows up to ${SCHEMA.length}`,
    );
    expect(err.message).toContain("npm run restore");
    expect(snapshot(dir)).toEqual(before);
  });

  test("a newer data dir layout: the engine and the console refuse it and change nothing", async () => {
    const dir = newerDataDir((d) =>
      fs.writeFileSync(path.join(d, LAYOUT_FILE), JSON.stringify({ layout: LAYOUT_VERSION + 1 })),
    );
    const before = snapshot(dir);
    const err = await engineRefusal(dir);
    expect(err.message).toContain(`data dir layout version ${LAYOUT_VERSION + 1}`);
    expect(() => openConsoleDb(dir)).toThrow(DataDirTooNewError);
    expect(snapshot(dir)).toEqual(before);
  });

  test("a console store module with a newer schema: refused by the store that owns it, nothing changed", () => {
    const dir = newerDataDir((d) => {
      const db = new Database(path.join(d, "console.sqlite"));
      db.prepare(
        "UPDATE schema_versions SET version = version + 5 WHERE module = 'idp_users'",
      ).run();
      db.close();
    });
    const before = snapshot(dir);
    const db = openConsoleDb(dir);
    try {
      expect(() => new UserStore(db)).toThrow(/console store "idp_users" schema version \d+/);
    } finally {
      db.close();
    }
    expect(snapshot(dir)).toEqual(before);
  });

  test("the fixture itself (an older data dir) opens, and is stamped with the current layout", () => {
    const dir = newerDataDir(() => {});
    expect(fs.existsSync(path.join(dir, LAYOUT_FILE))).toBe(false);
    openDb(dir).close();
    expect(JSON.parse(fs.readFileSync(path.join(dir, LAYOUT_FILE), "utf8"))).toEqual({
      layout: LAYOUT_VERSION,
    });
  });
});
