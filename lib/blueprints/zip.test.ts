import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractZip } from "../engine/functions/zip";
import { blueprintZip, readBlueprintFiles } from "./index";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-zip-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function unpack(id: string): Promise<string> {
  const zipPath = path.join(tmp, `${id}.zip`);
  fs.writeFileSync(zipPath, blueprintZip(id, {}));
  const dest = path.join(tmp, id);
  await extractZip(zipPath, dest);
  return dest;
}

describe("blueprintZip", () => {
  it("round-trips every file with its content through the engine's unzip", async () => {
    for (const id of ["dynamodb-stream-nodejs", "postgres-query-python"]) {
      const dest = await unpack(id);
      const files = readBlueprintFiles(id, {}) ?? [];
      expect(files.length).toBeGreaterThan(1);
      for (const f of files)
        expect(fs.readFileSync(path.join(dest, f.path), "utf8")).toBe(f.content);
      expect(fs.readdirSync(dest).sort()).toEqual(files.map((f) => f.path).sort());
    }
  });

  it("keeps the executable bit of bootstrap and leaves other files 0644", async () => {
    const dest = await unpack("custom-runtime-shell");
    expect(fs.statSync(path.join(dest, "bootstrap")).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(dest, "function.sh")).mode & 0o777).toBe(0o644);
  });

  it("is byte-for-byte reproducible, so CodeSha256 is stable", () => {
    expect(
      Buffer.from(blueprintZip("hello-world-python", {})).equals(
        Buffer.from(blueprintZip("hello-world-python", {})),
      ),
    ).toBe(true);
  });

  it("throws for an unknown id", () => {
    expect(() => blueprintZip("no-such-blueprint", {})).toThrow(/Unknown blueprint/);
  });
});
