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

/** The import graph of the files under the roots (edges only to files under them). */
export function importGraph(projectDir: string, ...roots: string[]): Graph {
  const options = compilerOptions(projectDir);
  const files = roots.flatMap((r) => (fs.existsSync(r) ? sourceFiles(r) : []));
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

const TEST_FILE = /\.(spec|test)\.tsx?$|\/(e2e|test)\//;

/**
 * Where the files are whose imports decide which of lib/ is production (see testOnly). Not
 * scripts/: the launcher and the admin commands import production modules (which nothing else
 * may import, and then count as entry points), the benchmarks import spec support.
 */
const SOURCE_ROOTS = ["app", "components", "lib", "e2e", "test"];

/**
 * Composition roots: they build every service, so they import (nearly) everything, and nothing
 * in production may import them. In the folder graph each is a node of its own, above its folder.
 */
export const COMPOSITION_ROOTS = ["lib/engine/engine.ts", "lib/engine/main.ts"];
const ROOT_NODE = " (composition root)";

/**
 * Folder cycles that were there when this check came, each with its way out. A cycle found passes
 * only while all its folders are in one of these: another folder joining it, or any other cycle,
 * fails. Remove an entry once its cycle is gone (the check says so).
 */
export const KNOWN_FOLDER_CYCLES: { folders: string[]; wayOut: string }[] = [];

/**
 * The files only tests reach: test files, and files every importer of which is one of these
 * (spec support, test signers, test-image builders). A file nothing imports is an entry point
 * (the engine's main, a page) and stays in production.
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

/** Only the files (and edges) under root. */
export function within(graph: Graph, root: string): Graph {
  const inside = (f: string) => f.startsWith(root + path.sep);
  const out: Graph = new Map();
  for (const [f, deps] of graph) if (inside(f)) out.set(f, new Set([...deps].filter(inside)));
  return out;
}

/**
 * The graph of the folders the production files sit in (tests import across folders by design);
 * `tests` are the test-only files (default: computed from `files` alone).
 */
export function folderGraph(
  files: Graph,
  roots: ReadonlySet<string> = new Set(),
  tests: ReadonlySet<string> = testOnly(files),
): Graph {
  const graph: Graph = new Map();
  const folderOf = (f: string) => (roots.has(f) ? path.dirname(f) + ROOT_NODE : path.dirname(f));
  for (const [file, deps] of files) {
    if (tests.has(file)) continue;
    const from = folderOf(file);
    const set = graph.get(from) ?? new Set<string>();
    graph.set(from, set);
    for (const d of deps) if (folderOf(d) !== from && !tests.has(d)) set.add(folderOf(d));
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
  const everything = importGraph(
    projectDir,
    ...SOURCE_ROOTS.map((r) => path.resolve(projectDir, r)),
  );
  const tests = testOnly(everything);
  const files = within(everything, root);
  const known = KNOWN_FOLDER_CYCLES.map((k) => ({ ...k, seen: false }));
  const allowed = (label: string, scc: string[]) => {
    if (label !== "folders") return false;
    const entry = known.find((k) => scc.every((f) => k.folders.includes(rel(f))));
    if (entry) entry.seen = true;
    return entry !== undefined;
  };
  const report = (label: string, graph: Graph) => {
    const found = cycles(graph).filter((scc) => !allowed(label, scc));
    for (const scc of found) {
      console.error(`import cycle between ${label} (${scc.length}):`);
      for (const n of scc) {
        const inside = [...(graph.get(n) ?? [])].filter((d) => scc.includes(d)).map(rel);
        console.error(`  ${rel(n)} -> ${inside.join(", ")}`);
      }
    }
    return found.length;
  };
  const roots = new Set(COMPOSITION_ROOTS.map((f) => path.resolve(projectDir, f)));
  let n = 0;
  for (const [file, deps] of files) {
    if (tests.has(file)) continue;
    for (const d of deps) {
      if (!roots.has(d) || roots.has(file)) continue;
      console.error(`${rel(file)} imports the composition root ${rel(d)}`);
      n++;
    }
  }
  n += report("files", files) + report("folders", folderGraph(files, roots, tests));
  for (const k of known) {
    if (k.seen) console.log(`known folder cycle (${k.folders.join(", ")}): ${k.wayOut}`);
    else console.log(`no longer a cycle: remove ${k.folders.join(", ")} from KNOWN_FOLDER_CYCLES`);
  }
  if (n > 0) {
    console.error(`${n} import cycle(s) under ${rel(root)}/`);
    process.exit(1);
  }
  const left = known.filter((k) => k.seen).length;
  const known_ = left > 0 ? ` apart from ${left} known folder cycle(s)` : "";
  console.log(`no import cycles under ${rel(root)}/ (${files.size} files)${known_}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
