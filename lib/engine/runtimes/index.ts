import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { prepareRicBundle } from "./nodejs/ric-bundle";
import { prepareSdkModules } from "./nodejs/sdk-modules";
import type { NodeChoice } from "./nodejs/node-runtime";
import { ENGINE_RUNTIMES } from "../../lambda-rules/runtimes";
import { pythonFor } from "./python/python-runtime";

/** How to start one runtime inside an environment (paths as seen inside the sandbox: /var/task, /var/runtime). */
export interface RuntimeLaunch {
  argv: string[];
  /** Host directory shown at /var/runtime (LAMBDA_RUNTIME_DIR). */
  runtimeDir: string;
  /** More read-only views (a node binary outside /usr, the AWS SDK at /var/runtime/node_modules). */
  extraRoBinds: { host: string; inside: string }[];
  /** Runtime-specific reserved variables (NODE_PATH, PYTHONPATH...). */
  env: Record<string, string>;
  family: "nodejs" | "python" | "provided";
  /** A line for the function's log at init, when the host differs from what was asked. */
  notice?: string;
}

/** The runtimes this engine runs (lib/lambda-rules/runtimes.ts); others are Failed. */
export const SUPPORTED_RUNTIMES = ENGINE_RUNTIMES;

const here = path.dirname(fileURLToPath(import.meta.url));
let ricDir: string | undefined;

function ricPackageDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve("aws-lambda-ric"));
}

function findRic(): string {
  ricDir ??= prepareRicBundle(ricPackageDir());
  return ricDir;
}

export interface LaunchOptions {
  runtime: string;
  memoryMb: number;
  sandboxed: boolean;
  /** True when a cgroup enforces the memory limit (Node gets Lambda's heap flags either way). */
  memoryEnforced: boolean;
  /** Unused: python-runtime.ts finds the interpreter and says which one ran. */
  hostPythonVersion?: string;
  /** The Node.js a nodejsNN.x runtime runs on (node-runtime.ts); default: the host's. */
  node?: NodeChoice;
}

/**
 * Node's flags as Lambda's Node.js bootstrap sets them: new space = memory / 10, semi space half
 * of it, old space the rest (integer MB). Keeps each environment's heap, and so its RSS, in bounds.
 * On Node.js 24 and later --expose-gc is left out: there it is the one flag of these that voids
 * Node's embedded code cache (~13 ms of CPU per cold start, scripts/bench/cold-cpu.mjs), and the
 * runtime bundle defines the same global gc() instead (GC_PROLOGUE in nodejs/ric-bundle.ts).
 * Before 24 every one of these V8 flags voids that cache: the runtime starts through
 * nodejs/boot.cjs, which lifts them while the runtime client loads.
 */
export function lambdaNodeFlags(memoryMb: number, nodeMajor = 20): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    ...(nodeMajor >= 24 ? [] : ["--expose-gc"]),
    "--max-http-header-size",
    "81920",
    `--max-semi-space-size=${Math.max(1, Math.floor(newSpace / 2))}`,
    `--max-old-space-size=${Math.max(16, memoryMb - newSpace)}`,
  ];
}

/** Runs the script after it with Lambda's V8 flags lifted while the runtime client loads. */
const NODE_BOOT = "/var/runtime/boot.cjs";

/** The Node.js standby launcher inside a sandbox: part of the runtime bundle (see ric-bundle.ts). */
export const NODE_STANDBY_LAUNCHER = "/var/runtime/standby.mjs";

// Whether a runtime bundle has the boot step: a fact of the bundle (made once per host), asked
// at every cold start (an existsSync there cost ~0.15 ms of the engine's thread in a burst).
const hasBoot = new Map<string, boolean>();
function bundleHasBoot(dir: string): boolean {
  let has = hasBoot.get(dir);
  if (has === undefined) hasBoot.set(dir, (has = fs.existsSync(path.join(dir, "boot.cjs"))));
  return has;
}

/** Resolves the command and runtime files for a Lambda runtime identifier. */
export function resolveRuntime(opts: LaunchOptions): RuntimeLaunch {
  if (opts.runtime.startsWith("nodejs")) {
    const dir = findRic();
    const chosen = opts.node ?? { node: process.execPath, version: process.versions.node };
    const fetched = chosen.node !== process.execPath;
    // A fetched Node.js is shown where Lambda keeps its own: /var/lang/bin (issue 19).
    const node = fetched && opts.sandboxed ? "/var/lang/bin/node" : chosen.node;
    const major = /nodejs(\d+)/.exec(opts.runtime)?.[1] ?? "20";
    const nodeMajor = Number(chosen.version.split(".")[0]);
    return {
      argv: [
        node,
        ...lambdaNodeFlags(opts.memoryMb, nodeMajor),
        // Before Node.js 24, through the boot that lifts Lambda's V8 flags while the runtime
        // client loads (nodejs/boot.cjs); the last argument stays the script Lambda runs.
        ...(nodeMajor < 24 && bundleHasBoot(dir) ? [NODE_BOOT] : []),
        "/var/runtime/index.mjs",
      ],
      runtimeDir: dir,
      extraRoBinds: [
        // Lambda's Node.js runtimes ship the AWS SDK v3 in /var/runtime/node_modules; ours holds
        // only the SDK. ES modules ignore NODE_PATH and look up from /var/task, so /node_modules too.
        { host: prepareSdkModules(), inside: "/var/runtime/node_modules" },
        ...(opts.sandboxed ? [{ host: prepareSdkModules(), inside: "/node_modules" }] : []),
        ...(opts.sandboxed && fetched
          ? [{ host: path.dirname(chosen.node), inside: "/var/lang/bin" }]
          : opts.sandboxed && !node.startsWith("/usr/")
            ? [{ host: path.dirname(node), inside: path.dirname(node) }]
            : []),
      ],
      env: {
        NODE_PATH: `/opt/nodejs/node${major}/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task`,
      },
      family: "nodejs",
      // Which Node.js ran, whenever it is not simply the host's of the same major (issue 19).
      notice: chosen.fallback
        ? `[lambda-console] ${opts.runtime} requested; running on the host's Node.js v${chosen.version} (${chosen.fallback})`
        : !fetched
          ? undefined
          : `[lambda-console] ${opts.runtime} runs on Node.js v${chosen.version} (node-linux-${process.arch} from the npm registry)`,
    };
  }
  if (opts.runtime.startsWith("python")) {
    const dir = path.join(here, "python");
    const asked = opts.runtime.slice("python".length);
    const py = pythonFor(opts.runtime);
    return {
      argv: [opts.sandboxed ? py.inside : py.python, "-u", "/var/runtime/bootstrap.py"],
      runtimeDir: dir,
      // An interpreter outside /usr (pyenv, uv...) is shown read-only (python-runtime.ts).
      extraRoBinds: opts.sandboxed ? py.binds : [],
      env: {
        // Lambda's order: the layers' site-packages and /opt/python before the runtime's own.
        PYTHONPATH: `/opt/python/lib/python${asked}/site-packages:/opt/python:/var/runtime`,
        PYTHONUNBUFFERED: "1",
        PYTHONDONTWRITEBYTECODE: "1",
      },
      family: "python",
      notice: py.notice,
    };
  }
  return {
    argv: ["/var/task/bootstrap"],
    runtimeDir: path.join(here, "provided"),
    extraRoBinds: [],
    env: {},
    family: "provided",
  };
}
