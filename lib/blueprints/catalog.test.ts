import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  blueprintManifestSchema,
  builtinCatalogDir,
  listBlueprintErrors,
  listBlueprints,
} from "./index";

const env = {}; // no custom dir: the shipped catalog alone
const catalogDir = builtinCatalogDir();

describe("shipped blueprint catalog", () => {
  it("has no malformed folder", () => {
    expect(listBlueprintErrors(env)).toEqual([]);
  });

  it("validates every manifest against the schema, one folder per blueprint", () => {
    const folders = fs
      .readdirSync(catalogDir)
      .filter((f) => fs.statSync(path.join(catalogDir, f)).isDirectory());
    expect(folders.length).toBeGreaterThanOrEqual(14);
    for (const folder of folders) {
      const raw: unknown = JSON.parse(
        fs.readFileSync(path.join(catalogDir, folder, "blueprint.json"), "utf8"),
      );
      const parsed = blueprintManifestSchema.safeParse(raw);
      expect(parsed.success, `${folder}: ${parsed.error?.message ?? ""}`).toBe(true);
      expect(parsed.data?.id).toBe(folder);
    }
    expect(
      listBlueprints(env)
        .map((b) => b.id)
        .sort(),
    ).toEqual(folders.sort());
  });

  it("covers what issue 7 lists, in Node.js and Python, plus a custom runtime", () => {
    const ids = listBlueprints(env).map((b) => b.id);
    for (const id of [
      "hello-world-nodejs",
      "hello-world-python",
      "http-api-nodejs",
      "scheduled-job-python",
      "sqs-batch-nodejs",
      "s3-object-created-python",
      "dynamodb-stream-nodejs",
      "sns-notification-python",
      "json-transform-nodejs",
      "csv-to-json-python",
      "webhook-hmac-nodejs",
      "invoke-function-nodejs",
      "postgres-query-python",
      "file-writer-nodejs",
      "custom-runtime-shell",
    ]) {
      expect(ids).toContain(id);
    }
    const runtimes = new Set(
      listBlueprints(env).map((b) => b.runtime.replace(/[\d.]+(x|al2023)?$/, "")),
    );
    expect([...runtimes].sort()).toEqual(["nodejs", "provided", "python"]);
  });

  it("declares the engine features the blueprints need", () => {
    const byId = new Map(listBlueprints(env).map((b) => [b.id, b]));
    expect(byId.get("postgres-query-python")?.requires).toEqual(["database-proxy"]);
    expect(byId.get("file-writer-nodejs")?.requires).toEqual(["file-system"]);
    expect(byId.get("invoke-function-nodejs")?.requires).toEqual(["sdk-invoke"]);
    expect(byId.get("hello-world-nodejs")?.requires).toEqual([]);
  });

  it("keeps the custom runtime's bootstrap executable", () => {
    const custom = listBlueprints(env).find((b) => b.id === "custom-runtime-shell");
    expect(custom?.files.find((f) => f.path === "bootstrap")?.executable).toBe(true);
    expect(custom?.files.find((f) => f.path === "function.sh")?.executable).toBe(false);
  });
});
