import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Issue 13: everything holding credentials or stores is marked "server-only", so a client
// component that imports it (directly or through another module) fails `next build`.
const ROOT = path.resolve(import.meta.dirname, "..");

/** What makes a module a holder of credentials or stores. */
const HOLDS =
  /from "better-sqlite3"|console-db\/db"|from "@aws-sdk\/client-|getConsoleStores\(|resolveLocalCredentials\(|loadAuthSecret\(|clientSecret/;

/**
 * Shared with processes outside Next (engine, IdP, CLIs), where "server-only" cannot resolve; none
 * of them is imported by a client component (checked below).
 */
const SHARED_WITH_PROCESSES = new Set([
  "lib/console-db/db.ts", // the IdP process and the users CLI
  "lib/audit/store.ts", // the IdP records lockouts
  "lib/targets/local-target.ts", // scripts/check-config.ts at `npm start`
  "lib/idp/config.ts", // the IdP process
  "lib/registry/credentials.ts", // the engine
  "lib/idp/sign-in-throttle.ts", // the IdP process
  "lib/backup/backup.ts", // scripts/backup.ts and scripts/restore.ts
  "lib/data-dir-version.ts", // the engine's store and the users CLI (through console-db/db.ts)
]);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", ".tmp", ".data", "engine"].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name) && !/\.(test|spec)\.tsx?$|\.d\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

const rel = (p: string) => path.relative(ROOT, p);
const sources = ["lib", "app", "components"].flatMap((d) => walk(path.join(ROOT, d)));
const text = new Map(sources.map((f) => [f, fs.readFileSync(f, "utf8")]));
const serverOnly = (f: string) => /^import "server-only";/m.test(text.get(f) ?? "");

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")])
    if (text.has(c)) return c;
  return null;
}

function importsOf(file: string): string[] {
  const out: string[] = [];
  // Value imports only: `import type` is erased and never reaches a bundle.
  for (const m of (text.get(file) ?? "").matchAll(/^import (?!type )[^"]*?"([^"]+)"/gm)) {
    const r = m[1] ? resolveImport(file, m[1]) : null;
    if (r) out.push(r);
  }
  return out;
}

describe("server-only modules", () => {
  it("marks every module outside the engine and the IdP that holds credentials or stores", () => {
    const unmarked = sources
      .filter((f) => rel(f).startsWith("lib/") && !rel(f).startsWith("lib/idp/"))
      .filter((f) => HOLDS.test(text.get(f) ?? "") && !serverOnly(f))
      .map(rel)
      .filter((f) => !SHARED_WITH_PROCESSES.has(f));
    expect(unmarked).toEqual([]);
  });

  it("no client component reaches a server-only or credential-holding module", () => {
    const offenders: string[] = [];
    for (const f of sources.filter((s) => /^["']use client["'];/.test(text.get(s) ?? ""))) {
      const seen = new Set<string>();
      const stack = [f];
      while (stack.length) {
        const cur = stack.pop() ?? "";
        for (const dep of importsOf(cur)) {
          if (seen.has(dep)) continue;
          seen.add(dep);
          // A server action module is a boundary: the client gets references, not its code.
          if (/^["']use server["'];/.test(text.get(dep) ?? "")) continue;
          if (serverOnly(dep) || SHARED_WITH_PROCESSES.has(rel(dep)))
            offenders.push(`${rel(f)} → ${rel(dep)}`);
          else stack.push(dep);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
