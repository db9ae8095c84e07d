import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_ROWS, ROUTE_ROWS } from "../../e2e/role-matrix-rows";

// The e2e role matrix must cover every server action and route handler (issue 13): this finds
// them in the code and compares with e2e/role-matrix-rows.ts, permissions included.
const ROOT = path.resolve(import.meta.dirname, "../..");

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", ".tmp", "engine"].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name) && !/\.(test|spec)\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const files = ["app", "lib", "components"].flatMap((d) => walk(path.join(ROOT, d)));
const rel = (p: string) => path.relative(ROOT, p);

/** Every exported server action: file, name, and the permission its defineAction names. */
function actionsInCode(): { file: string; name: string; permission: string | null }[] {
  const out: { file: string; name: string; permission: string | null }[] = [];
  for (const f of files) {
    const src = fs.readFileSync(f, "utf8");
    if (!/^["']use server["'];/m.test(src.split("\n").slice(0, 3).join("\n"))) continue;
    for (const m of src.matchAll(
      /^export (?:const (\w+)\s*=\s*(defineAction)?|async function (\w+))/gm,
    )) {
      const name = m[1] ?? m[3] ?? "";
      let permission: string | null = null;
      if (m[2]) {
        const after = src.slice((m.index ?? 0) + m[0].length);
        permission = /permission:\s*"([\w.]+)"/.exec(after)?.[1] ?? null;
      }
      out.push({ file: rel(f), name, permission });
    }
  }
  return out;
}

function routesInCode(): { file: string; method: string }[] {
  const out: { file: string; method: string }[] = [];
  for (const f of files.filter((p) => path.basename(p) === "route.ts")) {
    const src = fs.readFileSync(f, "utf8");
    for (const line of src.split("\n").filter((l) => l.startsWith("export ")))
      for (const m of line.matchAll(/\b(GET|POST|PUT|PATCH|DELETE)\b/g))
        out.push({ file: rel(f), method: m[1] ?? "" });
  }
  return out;
}

const key = (r: { file: string; name?: string; method?: string }) =>
  `${r.file}#${r.name ?? r.method ?? ""}`;

describe("the role matrix", () => {
  it("has a row for every server action, with the permission the action checks", () => {
    const code = actionsInCode();
    expect(code.length).toBeGreaterThan(30);
    const rows = new Map(ACTION_ROWS.map((r) => [key(r), r.permission]));
    const missing = code.filter((a) => !rows.has(key(a))).map(key);
    expect(missing, "add these to e2e/role-matrix-rows.ts").toEqual([]);
    const wrong = code
      .filter((a) => rows.has(key(a)) && rows.get(key(a)) !== a.permission)
      .map((a) => `${key(a)}: code ${a.permission}, row ${rows.get(key(a))}`);
    expect(wrong).toEqual([]);
    const stale = ACTION_ROWS.filter((r) => !code.some((a) => key(a) === key(r))).map(key);
    expect(stale, "rows for actions that no longer exist").toEqual([]);
  });

  it("has a row for every route handler method", () => {
    const code = routesInCode().map(key).sort();
    expect(
      ROUTE_ROWS.map(key)
        .sort()
        .filter((k, i, a) => a.indexOf(k) === i),
    ).toEqual([...new Set(code)]);
  });
});
