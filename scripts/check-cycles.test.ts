import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cycles, folderGraph, importGraph, testOnly, within } from "./check-cycles";

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A project of its own: a tsconfig and the given files under it. */
function project(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-cycles-"));
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler" } }),
  );
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const names = (root: string, found: string[][]) =>
  found.map((scc) => scc.map((f) => path.relative(root, f)));

describe("check-cycles", () => {
  it("finds a cycle between two files, a type-only import included", () => {
    const root = project({
      "lib/a/env.ts":
        'import { run } from "./run";\nexport class Env { go() { return run(this); } }\n',
      "lib/a/run.ts": 'import type { Env } from "./env";\nexport const run = (e: Env) => e;\n',
      "lib/a/free.ts": 'import { run } from "./run";\nexport const f = run;\n',
    });
    const graph = importGraph(root, path.join(root, "lib"));
    expect(names(root, cycles(graph))).toEqual([["lib/a/env.ts", "lib/a/run.ts"]]);
  });

  it("finds a cycle between folders that no two files make, and ignores what only tests import", () => {
    const root = project({
      "lib/invoke/invoker.ts":
        'import { Dispatcher } from "../scheduler/dispatch";\nexport const i = Dispatcher;\n',
      "lib/invoke/lines.ts": "export const line = 1;\n",
      "lib/scheduler/dispatch.ts":
        'import { line } from "../invoke/lines";\nexport const Dispatcher = line;\n',
      "lib/store/db.ts": "export const db = 1;\n",
      "app/page.ts": 'import { i } from "../lib/invoke/invoker";\nexport const p = i;\n',
      "lib/store/db.spec.ts":
        'import { i } from "../invoke/invoker";\nimport { db } from "./db";\nexport const x = [i, db];\n',
      "lib/invoke/support.ts": 'import { db } from "../store/db";\nexport const s = db;\n',
      "lib/invoke/uses-support.spec.ts": 'import { s } from "./support";\nexport const y = s;\n',
    });
    // The page makes the invoker production, though only a spec imports it under lib/.
    const all = importGraph(root, path.join(root, "app"), path.join(root, "lib"));
    const graph = within(all, path.join(root, "lib"));
    expect(cycles(graph)).toEqual([]);
    const folders = folderGraph(graph, new Set(), testOnly(all));
    expect(names(root, cycles(folders))).toEqual([["lib/invoke", "lib/scheduler"]]);
    // The spec and the support only it uses are no edges: store/ is in no cycle.
    expect([...(folders.get(path.join(root, "lib/store")) ?? [])]).toEqual([]);
    expect(folders.get(path.join(root, "lib/invoke"))?.has(path.join(root, "lib/store"))).toBe(
      false,
    );
  });

  it("reports nothing for a layered tree", () => {
    const root = project({
      "lib/http/types.ts": "export class AwsError extends Error {}\n",
      "lib/functions/core.ts":
        'import { AwsError } from "../http/types";\nexport const e = AwsError;\n',
      "lib/api/routes.ts": 'import { e } from "../functions/core";\nexport const r = e;\n',
    });
    const graph = importGraph(root, path.join(root, "lib"));
    expect(cycles(graph)).toEqual([]);
    expect(cycles(folderGraph(graph))).toEqual([]);
  });
});
