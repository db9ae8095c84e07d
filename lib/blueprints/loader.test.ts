import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BLUEPRINTS_DIR_ENV,
  type EnvLike,
  getBlueprint,
  listBlueprintErrors,
  listBlueprints,
  readBlueprintFiles,
} from "./index";

let dir: string;
const env = (): EnvLike => ({ [BLUEPRINTS_DIR_ENV]: dir });

function manifest(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `Team ${id}`,
    description: "A team's own blueprint",
    runtime: "nodejs22.x",
    handler: "index.handler",
    memorySize: 128,
    timeout: 3,
    useCases: ["getting-started"],
    sampleEvent: { a: 1 },
    expected: { description: "echo", match: { a: 1 } },
    ...extra,
  };
}

function addFolder(
  name: string,
  json: string | Record<string, unknown> | undefined,
  files: Record<string, string> = { "index.mjs": "export const handler = async (e) => e;\n" },
): void {
  const root = path.join(dir, name);
  fs.mkdirSync(path.join(root, "code"), { recursive: true });
  if (json !== undefined)
    fs.writeFileSync(
      path.join(root, "blueprint.json"),
      typeof json === "string" ? json : JSON.stringify(json),
    );
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, "code", file)), { recursive: true });
    fs.writeFileSync(path.join(root, "code", file), content);
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "blueprints-"));
  addFolder("team-echo", manifest("team-echo", { tags: ["team"], environment: { STAGE: "dev" } }));
  addFolder("broken-json", "{ not json");
  addFolder("no-manifest", undefined);
  addFolder(
    "bad-fields",
    manifest("bad-fields", { memorySize: 64, runtime: "cobol", useCases: [], surprise: true }),
  );
  addFolder("wrong-handler", manifest("wrong-handler", { handler: "main.handler" }));
  addFolder("hello-world-nodejs", manifest("hello-world-nodejs"));
  addFolder("mismatched", manifest("other-name"));
  addFolder("reserved-env", manifest("reserved-env", { environment: { AWS_REGION: "x" } }));
  addFolder("with-link", manifest("with-link"));
  fs.symlinkSync("/etc/passwd", path.join(dir, "with-link", "code", "passwd"));
  addFolder(
    "py-package",
    manifest("py-package", { runtime: "python3.13", handler: "pkg.app.handler" }),
    { "pkg/app.py": "def handler(e, c):\n    return e\n", "pkg/__init__.py": "" },
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("custom blueprint directory", () => {
  it("adds well-formed team blueprints beside the shipped ones", () => {
    const ids = listBlueprints(env()).map((b) => b.id);
    expect(ids).toContain("team-echo");
    expect(ids).toContain("py-package");
    expect(ids).toContain("hello-world-python");
    const team = getBlueprint("team-echo", env());
    expect(team?.source).toBe("custom");
    expect(team?.environment).toEqual({ STAGE: "dev" });
    expect(team?.requires).toEqual([]);
    expect(readBlueprintFiles("team-echo", env())).toEqual([
      { path: "index.mjs", content: "export const handler = async (e) => e;\n", executable: false },
    ]);
  });

  it("reports each malformed folder with its problems instead of failing", () => {
    const errors = new Map(listBlueprintErrors(env()).map((e) => [e.folder, e]));
    expect(errors.get("broken-json")?.problems[0]).toMatch(/^blueprint\.json: /);
    expect(errors.get("no-manifest")?.problems).toEqual(["blueprint.json: missing"]);
    const bad = errors.get("bad-fields")?.problems.join("\n") ?? "";
    expect(bad).toMatch(/memorySize/);
    expect(bad).toMatch(/runtime/);
    expect(bad).toMatch(/useCases/);
    expect(bad).toMatch(/surprise/);
    expect(errors.get("wrong-handler")?.problems).toEqual([
      'handler: no code/main.js, .mjs or .cjs for "main.handler"',
    ]);
    expect(errors.get("hello-world-nodejs")?.problems[0]).toMatch(/already used/);
    expect(errors.get("mismatched")?.problems[0]).toMatch(/must equal the folder name/);
    expect(errors.get("reserved-env")?.problems.join()).toMatch(/reserved by Lambda/);
    expect(errors.get("with-link")?.problems).toEqual([
      "code/passwd: only regular files and folders are allowed",
    ]);
    for (const e of errors.values()) expect(e.source).toBe("custom");
    const ids = listBlueprints(env()).map((b) => b.id);
    for (const folder of errors.keys())
      if (folder !== "hello-world-nodejs") expect(ids).not.toContain(folder);
    // The shipped one keeps its id; the custom duplicate is the one dropped.
    expect(getBlueprint("hello-world-nodejs", env())?.source).toBe("builtin");
  });

  it("reports an unreadable custom directory and still lists the shipped catalog", () => {
    const missing = { [BLUEPRINTS_DIR_ENV]: path.join(dir, "does-not-exist") };
    expect(listBlueprintErrors(missing)).toEqual([
      { source: "custom", folder: ".", problems: [expect.stringMatching(/cannot read/)] },
    ]);
    expect(listBlueprints(missing).length).toBeGreaterThanOrEqual(14);
  });
});
