import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { privateDir } from "../../sandbox/private-dir";

const LOAD_LINE =
  "const { handler, metadata: handlerMetadata } = await UserFunctionLoader.load(taskRoot, handlerString);";

// boot.cjs lifts Lambda's V8 flags while the runtime client loads (so Node's code cache of its
// built-ins applies); they are in force again before the function's own code loads.
// It returns what to call once the environment is hot (boot.cjs), kept in the bundle's own scope.
const LAMBDA_FLAGS_RESTORE = "lambdaConsoleOnceHot = globalThis.__lambdaConsoleRestoreFlags?.();";

// aws-lambda-ric 4 targets Node 24, which dropped callback handlers; nodejs20.x and nodejs22.x
// on Lambda still run them. Wrap a 3-argument handler into a promise before ric's check.
const PATCH = `${LAMBDA_FLAGS_RESTORE}
    let { handler, metadata: handlerMetadata } = await UserFunctionLoader.load(taskRoot, handlerString);
    if (shouldErrorOnCallbackFunction(handlerMetadata)) {
      handler = lambdaConsoleWrapCallback(handler);
      handlerMetadata = { ...handlerMetadata, argsNum: 2 };
    }`;

const WRAPPER = `
var lambdaConsoleOnceHot, lambdaConsolePolls;
function lambdaConsoleWireClient(nativeClient) {
  try {
    return cjsRequire("./runtime-api-client.cjs");
  } catch {
    return nativeClient;
  }
}
function lambdaConsoleWrapCallback(userHandler) {
  return (event, context) => new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(result);
    };
    context.callbackWaitsForEmptyEventLoop = true;
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (err) => callback(err ?? new Error("handled"));
    try {
      const r = userHandler(event, context, callback);
      if (r && typeof r.then === "function") r.then((v) => callback(null, v), callback);
    } catch (err) {
      callback(err);
    }
  });
}
`;

// HOT_AFTER invokes served: the runtime client's next poll of /next is its HOT_AFTER + 1st. Then
// boot.cjs's step for a hot environment runs (Node.js 20), and the Runtime API client becomes
// runtime-api-client.cjs: the same requests on the main thread, where the native client
// (rapid-client.node) hands each /next to a thread-pool thread. Per warm invoke that saves the
// runtime process ~90 us of CPU with one caller and more under load; loading it (node:net, the
// first connection) costs ~5 ms once, so an environment starts, and serves its first HOT_AFTER
// invokes, with the native client (scripts/bench/cpu-split.mjs, cold-cpu.mjs). The native client's
// calls are synchronous (done() and error() return once the result is answered), so nothing of
// it is in flight at the switch; its connection stays open, unused.
const HOT_AFTER = 100;
const NEXT_LINE = "    return this.nativeClient.next();";
const NEXT_PATCH = `    if ((lambdaConsolePolls = (lambdaConsolePolls ?? 0) + 1) === ${HOT_AFTER + 1}) {
      lambdaConsoleOnceHot?.();
      this.nativeClient = lambdaConsoleWireClient(this.nativeClient);
    }
${NEXT_LINE}`;

// ric 4 gives every context an xRayTraceId (an empty one without a trace header); Lambda's
// contexts have none unless the invoke is traced: only a non-empty header makes one.
const TRACE_LINE = "xRayTraceId: invokeHeaders[OPTIONAL_INVOKE_HEADERS.X_RAY_TRACE_ID],";
const TRACE_PATCH =
  "...(invokeHeaders[OPTIONAL_INVOKE_HEADERS.X_RAY_TRACE_ID] ? { xRayTraceId: invokeHeaders[OPTIONAL_INVOKE_HEADERS.X_RAY_TRACE_ID] } : {}),";

// Lambda starts node with --expose-gc; on Node.js 24 the engine leaves that flag out (see
// lambdaNodeFlags) and this defines the same global: gc() turns the flag on at its first call,
// once the runtime client's built-ins are compiled from Node's code cache. Same descriptor as the
// flag's (writable, enumerable, not configurable); options pass through.
const GC_PROLOGUE = `
if (typeof globalThis.gc === "undefined") {
  let lambdaConsoleGc;
  Object.defineProperty(globalThis, "gc", {
    value: function gc(...args) {
      if (!lambdaConsoleGc) {
        process.getBuiltinModule("node:v8").setFlagsFromString("--expose-gc");
        lambdaConsoleGc = process.getBuiltinModule("node:vm").runInNewContext("gc");
      }
      return lambdaConsoleGc(...args);
    },
    writable: true,
    enumerable: true,
    configurable: false,
  });
}
`;

// ric loads node:http, node:net and node:worker_threads when its bundle is evaluated, for what
// a plain invoke never uses: response streaming, init errors, the alternative client and
// multi-concurrency. Lambda's V8 flags void Node's code cache (see lambdaNodeFlags), so those
// built-ins and the streams under them cost ~12 ms of CPU per cold start (scripts/bench/cold-cpu.mjs;
// boot.cjs now lifts the flags while ric loads, but loading them at all still costs). Each is
// loaded at its first use instead; the objects ric gets are the same.
const LAZY_BUILTINS: [string, string][] = [
  [
    'var { createConnection } = cjsRequire("node:net");',
    'var createConnection = (...a) => cjsRequire("node:net").createConnection(...a);',
  ],
  [
    'var { createConnection: createConnection2 } = cjsRequire("node:net");',
    'var createConnection2 = (...a) => cjsRequire("node:net").createConnection(...a);',
  ],
  [
    'var { Agent, request } = cjsRequire("node:http");',
    'var Agent = function Agent(o) { return new (cjsRequire("node:http").Agent)(o); };\n' +
      'var request = (...a) => cjsRequire("node:http").request(...a);',
  ],
  [
    `    this.agent = new this.httpClient.Agent({
      keepAlive: true,
      maxSockets: 1
    });`,
    `    let agent;
    Object.defineProperty(this, "agent", {
      get: () => agent ??= new this.httpClient.Agent({ keepAlive: true, maxSockets: 1 }),
      configurable: true,
      enumerable: true
    });`,
  ],
  [
    'var { Worker } = cjsRequire("worker_threads");',
    'var Worker = function Worker(...a) { return new (cjsRequire("node:worker_threads").Worker)(...a); };',
  ],
  ['var { isMainThread } = cjsRequire("node:worker_threads");', ""],
  [
    "if (isMultiConcurrentMode() && isMainThread) {",
    'if (isMultiConcurrentMode() && cjsRequire("node:worker_threads").isMainThread) {',
  ],
];

/** The bundle with LAZY_BUILTINS applied, or as it was if any of them is not found exactly once. */
export function withLazyBuiltins(source: string): string {
  return withEachOnce(source, LAZY_BUILTINS) ?? source;
}

/** The source with each edit made, or undefined when any edit's text is not there exactly once. */
function withEachOnce(source: string, edits: [string, string][]): string | undefined {
  let out = source;
  for (const [from, to] of edits) {
    if (out.split(from).length !== 2) return undefined;
    out = out.replace(from, () => to);
  }
  return out;
}

/** Puts the prologue right after the bundle's shebang line. */
function withPrologue(source: string): string {
  const at = source.startsWith("#!") ? source.indexOf("\n") + 1 : 0;
  return source.slice(0, at) + GC_PROLOGUE + source.slice(at);
}

/** The runtime client's bundle as environments run it (`source` holds LOAD_LINE). */
export function patchedRic(source: string): string {
  return (
    withPrologue(
      withLazyBuiltins(source)
        .replace(LOAD_LINE, PATCH)
        .replace(TRACE_LINE, TRACE_PATCH)
        .replace(NEXT_LINE, NEXT_PATCH),
    ) + WRAPPER
  );
}

// A CommonJS handler loads through require() when the runtime client runs as a function body
// (boot.cjs) rather than as an ES module: no ES module loader is set up at all, ~7 ms of a cold
// start's ~32 ms of CPU on Node.js 20 (scripts/bench/cold-cpu.mjs). The body is the patched bundle
// line for line, so stack traces name the same lines of file:///var/runtime/index.mjs; boot.cjs
// compiles it with that name and gives it `require`, `importMetaUrl` and `commonJsHandler` (the
// file it found CommonJS by Node's rules, and the package.json without "type" that made it so).
// Every other file is import()ed as before.
// (Spelled in pieces: the engine's build rewrites that expression wherever its sources hold it.)
const META_URL = ["import", "meta", "url"].join(".");
const BODY_EDITS: [string, string][] = [
  [
    `import { createRequire } from "module";\nvar cjsRequire = createRequire(${META_URL});`,
    "\nvar cjsRequire = require;",
  ],
  [
    "return existsSync(path3) ? await import(path3) : void 0;",
    "return existsSync(path3) ? await lambdaConsoleLoad(path3) : void 0;",
  ],
];

const BODY_LOAD = `
async function lambdaConsoleLoad(file) {
  if (file !== commonJsHandler.file) return import(file);
  let loaded;
  try {
    // As import() loads CommonJS: no parent module (its errors' require stack ends at the file).
    loaded = require("node:module")._load(file, null, false);
  } catch (err) {
    // Before it runs any of the file: ES module syntax with top-level await, or a Node.js without
    // require() of ES modules. import() then loads it as it would have.
    if (err?.code === "ERR_REQUIRE_ASYNC_MODULE" || err?.code === "ERR_REQUIRE_ESM") return import(file);
    throw err;
  }
  // What import() gives for CommonJS: module.exports as the default export (named exports, when
  // Node finds them, hold the same values). (node:util is the runtime client's already.)
  if (!require("node:util").types.isModuleNamespaceObject(loaded)) return { __proto__: null, default: loaded };
  // An ES module found by its syntax: import() would also have said so, beside a package.json
  // without "type", in Node.js's words.
  if (commonJsHandler.typelessPackageJson)
    process.emitWarning(
      \`Module type of \${require("node:url").pathToFileURL(file).href} is not specified and it doesn't parse as CommonJS.\\n\` +
        "Reparsing as ES module because module syntax was detected. This incurs a performance overhead.\\n" +
        \`To eliminate this warning, add "type": "module" to \${commonJsHandler.typelessPackageJson}.\`,
      { code: "MODULE_TYPELESS_PACKAGE_JSON" },
    );
  return loaded;
}
`;

/** The patched bundle as a function body (see BODY_EDITS), or undefined for a bundle we do not know. */
export function commonJsBody(patched: string): string | undefined {
  const strict = patched.startsWith("#!")
    ? `"use strict";${patched.slice(patched.indexOf("\n"))}`
    : `"use strict";${patched}`;
  const out = withEachOnce(strict, BODY_EDITS)?.replaceAll(META_URL, "importMetaUrl");
  if (out === undefined) return undefined;
  if (/^(import|export)\b|import\.meta/m.test(out)) return undefined;
  return out + BODY_LOAD;
}

let prepared: string | undefined;

// The standby launcher ships inside the bundle, so every environment's /var/runtime looks the same.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const STANDBY_SOURCE = path.join(HERE, "standby.mjs");
const CLIENT_SOURCE = path.join(HERE, "runtime-api-client.cjs");
const BOOT_SOURCE = path.join(HERE, "boot.cjs");
/** The runtime client as a function body, beside index.mjs (boot.cjs reads it by this name). */
const COMMONJS_BODY = "index.body.js";

/**
 * A copy of aws-lambda-ric's bundle (index.mjs + its native client) with callback-handler
 * support, made once per host in the private dir (see privateDir); shown to environments at /var/runtime.
 */
export function prepareRicBundle(ricDir: string): string {
  if (prepared) return prepared;
  const source = fs.readFileSync(path.join(ricDir, "index.mjs"), "utf8");
  if (!source.includes(LOAD_LINE)) {
    prepared = ricDir; // a ric version we do not know: run it as shipped
    return prepared;
  }
  const patched = patchedRic(source);
  const standby = fs.readFileSync(STANDBY_SOURCE, "utf8");
  const boot = fs.readFileSync(BOOT_SOURCE, "utf8");
  const client = fs.readFileSync(CLIENT_SOURCE, "utf8");
  const body = commonJsBody(patched);
  const hash = crypto
    .createHash("sha256")
    .update(`layout-6\n${patched}\n${standby}\n${boot}\n${body ?? ""}\n${client}`)
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(privateDir(), `ric-${hash}`);
  if (!fs.existsSync(path.join(dir, "index.mjs"))) {
    const tmp = fs.mkdtempSync(`${dir}.tmp-`);
    fs.writeFileSync(path.join(tmp, "index.mjs"), patched);
    if (body) fs.writeFileSync(path.join(tmp, COMMONJS_BODY), body);
    fs.writeFileSync(path.join(tmp, "package.json"), JSON.stringify({ type: "module" }));
    fs.writeFileSync(path.join(tmp, "standby.mjs"), standby);
    fs.writeFileSync(path.join(tmp, "boot.cjs"), boot);
    fs.writeFileSync(path.join(tmp, "runtime-api-client.cjs"), client);
    fs.copyFileSync(path.join(ricDir, "rapid-client.node"), path.join(tmp, "rapid-client.node"));
    // Mount point for the SDK view (see resolveRuntime).
    fs.mkdirSync(path.join(tmp, "node_modules"), { mode: 0o755 });
    fs.chmodSync(tmp, 0o755);
    try {
      fs.renameSync(tmp, dir);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another engine won the race
    }
  }
  prepared = dir;
  return dir;
}
