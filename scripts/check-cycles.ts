/**
 * Fails (exit 1) when lib/ has an import cycle between files or between folders.
 *
 * Every import counts, `import type` included: a cycle of types is still two modules that cannot
 * be understood (or moved) one without the other. A folder depends on another when one of its
 * files imports one of the other's; a folder does not depend on its parent or children by being
 * nested, only by imports. Run by `npm run lint`; `tsx scripts/check-cycles.ts [root]` alone.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const SOURCE = /\.(ts|tsx|mts|mjs)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function compilerOptions(projectDir: string): ts.CompilerOptions {
  const file = path.join(projectDir, "tsconfig.json");
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, projectDir).options;
}

/** Every module specifier a file names: imports, re-exports, import() and require(). */
function specifiers(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

export type Graph = Map<string, Set<string>>;

/** The import graph of the files under root (edges only to files under root). */
export function importGraph(projectDir: string, root: string): Graph {
  const options = compilerOptions(projectDir);
  const files = sourceFiles(root);
  const inRoot = new Set(files);
  const graph: Graph = new Map();
  for (const file of files) {
    const deps = new Set<string>();
    for (const spec of specifiers(file)) {
      const r = ts.resolveModuleName(spec, file, options, ts.sys).resolvedModule;
      const target = r && path.resolve(r.resolvedFileName);
      if (target && inRoot.has(target)) deps.add(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

const TEST_FILE = /\.(spec|test)\.tsx?$/;

/**
 * The files only tests reach: test files, and files every importer of which is one of these
 * (spec support, test signers, test-image builders). A file nothing under the root imports is
 * an entry point (the engine's main, a module the app imports) and stays in production.
 */
export function testOnly(graph: Graph): Set<string> {
  const importers = new Map<string, string[]>();
  for (const [file, deps] of graph)
    for (const d of deps) importers.set(d, [...(importers.get(d) ?? []), file]);
  const only = new Set([...graph.keys()].filter((f) => TEST_FILE.test(f)));
  for (let changed = true; changed;) {
    changed = false;
    for (const [file, by] of importers) {
      if (only.has(file) || !by.every((f) => only.has(f))) continue;
      only.add(file);
      changed = true;
    }
  }
  return only;
}

/** The graph of the folders the production files sit in (tests import across folders by design). */
export function folderGraph(files: Graph): Graph {
  const graph: Graph = new Map();
  const tests = testOnly(files);
  for (const [file, deps] of files) {
    if (tests.has(file)) continue;
    const from = path.dirname(file);
    const set = graph.get(from) ?? new Set<string>();
    graph.set(from, set);
    for (const d of deps) if (path.dirname(d) !== from && !tests.has(d)) set.add(path.dirname(d));
  }
  return graph;
}

/** Strongly connected components of more than one node, or with a self edge (Tarjan). */
export function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      scc.push(w);
      if (w === v) break;
    }
    if (scc.length > 1 || graph.get(v)?.has(v)) found.push(scc.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

function main(): void {
  const projectDir = process.cwd();
  const root = path.resolve(process.argv[2] ?? "lib");
  const rel = (p: string) => path.relative(projectDir, p) || ".";
  const files = importGraph(projectDir, root);
  const report = (label: string, graph: Graph) => {
    const found = cycles(graph);
    for (const scc of found) {
      console.error(`import cycle between ${label} (${scc.length}):`);
      for (const n of scc) {
        const inside = [...(graph.get(n) ?? [])].filter((d) => scc.includes(d)).map(rel);
        console.error(`  ${rel(n)} -> ${inside.join(", ")}`);
      }
    }
    return found.length;
  };
  const n = report("files", files) + report("folders", folderGraph(files));
  if (n > 0) {
    console.error(`${n} import cycle(s) under ${rel(root)}/`);
    process.exit(1);
  }
  console.log(`no import cycles under ${rel(root)}/ (${files.size} files)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
