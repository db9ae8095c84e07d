"use strict";
// Runtime boot (Node.js 20 and 22): `node <Lambda's flags> /var/runtime/boot.cjs <entry>` runs
// <entry> (/var/runtime/index.mjs, or the standby launcher) as `node <Lambda's flags> <entry>`
// would, with process.argv as that command's (for a CommonJS handler, see runAsBody below).
//
// Lambda's command line sets three V8 flags (--expose-gc, --max-semi-space-size,
// --max-old-space-size). On these Node.js versions each changes V8's flag hash, and with it the tag
// Node's embedded code cache of its built-in modules was made for: every built-in the runtime
// client loads (the ES module loader, streams, the console...) would be compiled from source,
// ~14 ms of CPU per cold start (scripts/bench/cold-cpu.mjs). The flags have done their work once
// the heap is configured, at start (process.execArgv keeps them). So they go back to V8's defaults
// while the runtime client loads, and the runtime client sets them again (LAMBDA_FLAGS_RESTORE,
// ric-bundle.ts) before it loads the function's code: its workers' heaps, new contexts' gc() and
// the code cache tag it sees are Lambda's.
const RESTORE = "__lambdaConsoleRestoreFlags";
const V8_FLAG = /^--(?:expose-gc$|max-semi-space-size=|max-old-space-size=)/;
const lambdaFlags = process.execArgv.filter((f) => V8_FLAG.test(f));
const defaultOf = (f) => (f === "--expose-gc" ? "--no-expose-gc" : f.replace(/=.*/, "=0"));

// V8 11 (Node.js 20) tiers a warm function's hot code up only after ~132 KB of bytecode budget:
// an environment served ~4,000 invokes before its runtime client's loop stopped getting cheaper
// (scripts/bench/soak.mjs: its CPU per invoke fell 398 -> 310 us over the run). Once the
// environment has served 100 invokes (ric-bundle.ts counts its polls of /next) the budget is an
// eighth, as the engine's own (build-engine.mjs). Compiling then costs ~15 ms of CPU, back in
// ~170 invokes; an environment that serves a few (a burst's) never pays it, and a cold start
// compiles no more than it did. V8 12+ renamed the flag. Only JIT timing changes: execArgv and
// the heap are Lambda's.
const tierSoonerOnceHot = (v8) =>
  Number(process.versions.v8.split(".")[0]) <= 11
    ? () => v8.setFlagsFromString("--interrupt-budget=16896")
    : undefined;

if (lambdaFlags.length > 0) {
  try {
    // node:v8 loads (and so compiles) the streams first; the binding is setFlagsFromString alone.
    // Its one-time deprecation warning is not the function's to see.
    const quiet = Object.getOwnPropertyDescriptor(process, "noDeprecation");
    process.noDeprecation = true;
    let v8;
    try {
      v8 = process.binding("v8");
    } finally {
      if (quiet) Object.defineProperty(process, "noDeprecation", quiet);
      else delete process.noDeprecation;
    }
    Object.defineProperty(globalThis, RESTORE, {
      value() {
        delete globalThis[RESTORE];
        for (const f of lambdaFlags) v8.setFlagsFromString(f);
        return tierSoonerOnceHot(v8);
      },
      configurable: true,
    });
    for (const f of lambdaFlags) v8.setFlagsFromString(defaultOf(f));
  } catch {
    // No binding here: the runtime starts as it would have, with Lambda's flags in force.
  }
}

// A CommonJS handler (by Node's rules, below) loads with require() when the runtime client runs as
// a function body (index.body.js, ric-bundle.ts): Node's ES module loader is then never set up,
// ~7 ms of CPU per cold start on Node.js 20. For any other handler, or a bundle or Node.js without
// what this needs, the runtime client is imported as it always was.
const fs = require("node:fs");
const path = require("node:path");

/** The handler's file as the runtime client will find it, when Node.js loads it as CommonJS. */
function commonJsHandler() {
  const root = process.env.LAMBDA_TASK_ROOT;
  const handler = process.env._HANDLER;
  if (!root || !handler || handler.includes("..")) return undefined;
  const slash = handler.lastIndexOf("/");
  const name = handler.slice(slash + 1);
  const dot = name.indexOf(".");
  if (dot <= 0) return undefined;
  // The runtime client's lookup order for the module's file.
  const base = path.resolve(root, handler.slice(0, slash + 1), name.slice(0, dot));
  const file = ["", ".js", ".mjs", ".cjs"].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (file?.endsWith(".cjs")) return { file };
  if (!file?.endsWith(".js")) return undefined;
  // A .js file's type is its nearest package.json's "type" (none at all: CommonJS).
  for (let dir = path.dirname(file); path.basename(dir) !== "node_modules";) {
    const pkg = path.join(dir, "package.json");
    let text;
    try {
      text = fs.readFileSync(pkg, "utf8");
    } catch (err) {
      if (err.code !== "ENOENT" && err.code !== "ENOTDIR") return undefined;
    }
    if (text !== undefined) {
      let type;
      try {
        type = JSON.parse(text).type;
      } catch {
        return undefined; // Node.js says what is wrong with it
      }
      if (type === "commonjs") return { file };
      // No "type": CommonJS unless the file has ES module syntax, which Node.js then says.
      return type === undefined ? { file, typelessPackageJson: pkg } : undefined;
    }
    const up = path.dirname(dir);
    if (up === dir) return { file };
    dir = up;
  }
  return undefined;
}

/** Runs the runtime client as a function body for a CommonJS handler; false when it does not apply. */
function runAsBody(entry) {
  if (path.basename(entry) !== "index.mjs") return false;
  const handler = commonJsHandler();
  if (!handler) return false;
  const vm = require("node:vm");
  const loader = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!loader) return false;
  let source;
  try {
    source = fs.readFileSync(path.join(path.dirname(entry), "index.body.js"), "utf8");
  } catch {
    return false;
  }
  const url = require("node:url").pathToFileURL(entry).href;
  const body = vm.compileFunction(source, ["require", "importMetaUrl", "commonJsHandler"], {
    filename: url,
    importModuleDynamically: loader,
  });
  body.call(undefined, require("node:module").createRequire(entry), url, handler);
  return true;
}

const entry = process.argv[2];
process.argv.splice(1, 2, entry);
if (!runAsBody(entry)) import(entry);
