// Compiles the local engine (lib/engine/main.ts and everything it imports from the project) into one
// ES module, .engine-dist/main.mjs, so that the engine starts as plain JavaScript instead of through
// a TypeScript loader (issue 18: start → ready ≤ 150 ms). Packages stay external (node_modules is
// resolved from the project root, native modules included). Files that the engine reads or executes
// next to its sources (the runtime client bundle, spawn helpers, python launchers…) are found through
// `import.meta.url`: each source file's `import.meta.url` is rewritten to that source's own URL,
// relative to the bundle, so they stay where they are.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ENGINE_DIST = path.join(ROOT, ".engine-dist");
export const ENGINE_MAIN = path.join(ENGINE_DIST, "main.mjs");
const META = path.join(ENGINE_DIST, "meta.json");
// What else changes the output: the build itself, the compiler options and the installed packages.
const ALSO = ["scripts/lib/build-engine.mjs", "tsconfig.json", "package-lock.json"];

/** Why the compiled engine must be (re)built, or false when it is up to date. */
export function engineBuildIsStale() {
  let built, inputs;
  try {
    built = fs.statSync(ENGINE_MAIN).mtimeMs;
    inputs = Object.keys(JSON.parse(fs.readFileSync(META, "utf8")).inputs);
  } catch {
    return "no compiled engine yet";
  }
  for (const f of [...inputs, ...ALSO]) {
    let m;
    try {
      m = fs.statSync(path.join(ROOT, f)).mtimeMs;
    } catch {
      return `${f} is gone`;
    }
    if (m > built) return `${f} changed`;
  }
  return false;
}

const metaUrlPlugin = {
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      let contents = await fs.promises.readFile(args.path, "utf8");
      if (contents.includes("import.meta.url")) {
        const rel = path.relative(ENGINE_DIST, args.path).split(path.sep).join("/");
        contents = contents.replaceAll(
          "import.meta.url",
          `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
        );
      }
      const ext = path.extname(args.path).slice(1);
      const loader = ext === "mts" || ext === "cts" ? "ts" : ext.replace(/^[cm]/, "");
      return { contents, loader };
    });
  },
};

/** Builds .engine-dist/main.mjs (about 0.1–0.5 s). */
export async function buildEngine() {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["lib/engine/main.ts"],
    outfile: ENGINE_MAIN,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages are bundled too (fewer files to load at start); native modules stay outside.
    external: ["better-sqlite3"],
    // ES module builds first: they tree-shake (the SDK signer's CommonJS build loads all of @smithy/core).
    mainFields: ["module", "main"],
    // CommonJS packages inside an ES module bundle call require(): give them one.
    banner: {
      js: 'import { createRequire as __engineRequire } from "node:module"; const require = __engineRequire(import.meta.url);',
    },
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    plugins: [metaUrlPlugin],
  });
  fs.writeFileSync(META, JSON.stringify({ inputs: result.metafile.inputs }));
  return ENGINE_MAIN;
}

/** The compiled engine's entry, built first when missing or older than its sources. */
export async function compiledEngine() {
  if (engineBuildIsStale()) await buildEngine();
  return ENGINE_MAIN;
}

// `npm run build:engine` builds; `npm run engine` (--start) builds when stale, then runs the engine.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--start")) {
    await import(pathToFileURL(await compiledEngine()).href);
  } else {
    const t = performance.now();
    await buildEngine();
    const ms = (performance.now() - t).toFixed(0);
    console.log(`[build-engine] ${path.relative(ROOT, ENGINE_MAIN)} in ${ms} ms`);
  }
}
