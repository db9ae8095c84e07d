// `node scripts/bench/cold-cpu.mjs`: where a Node.js cold start's CPU goes (issue 18). Starts
// aws-lambda-ric (unsandboxed: only the runtime's own CPU is measured) against a minimal Runtime
// API and reads the CPU of all its threads (/proc/<pid>/task/*/schedstat, ns) when its first
// GET /next arrives. Variants: bare ric, Lambda's flags (lambdaNodeFlags at 128 MB), the same
// through the engine's boot (boot.cjs: the flags lifted while ric loads), each flag alone, and the
// standby launcher (standby.mjs, also through the boot), whose CPU is split at assignment: "boot"
// (before the engine assigns it, off the burst's path) and "assigned" (line written → first /next).
// "commonJsHandler" is the engine's boot and runtime bundle (ric-bundle.ts, made here as the engine
// makes it) with a CommonJS handler, which loads without Node's ES module loader; "engineBundle" is
// the same with handler.mjs, as every other variant loads. ONLY=a,b runs just those variants. N
// (default 15) runs per variant, median, two rounds; run it twice on a noisy machine. Another
// Node.js: run the script with it (e.g. a fetched Node.js 24: <data dir>/runtimes/node/24/bin/node).
// Other launchers to compare in the same run: paths as arguments, e.g. an older standby.mjs from
// `git show <rev>:lib/engine/runtimes/nodejs/standby.mjs > /tmp/old-standby.mjs`.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { LAMBDA_NODE_FLAGS_128 } from "./ric-floor.mjs";
import { threadsCpuMs as cpuMs } from "./peer/process-tree.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const N = Number(process.env.N || 15);
const RIC = path.join(ROOT, "node_modules/aws-lambda-ric/index.mjs");
const FLAGS = LAMBDA_NODE_FLAGS_128;

const task = fs.mkdtempSync(path.join(os.tmpdir(), "cold-cpu-"));
fs.writeFileSync(path.join(task, "handler.mjs"), "export const hello = async () => 'hi';\n");
fs.writeFileSync(path.join(task, "commonjs.js"), "exports.hello = async () => 'hi';\n");
// The engine's runtime bundle, as it makes it (the CommonJS body beside index.mjs).
const made = spawnSync(
  process.execPath,
  [
    path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
    "-e",
    `import { prepareRicBundle } from ${JSON.stringify(path.join(ROOT, "lib/engine/runtimes/nodejs/ric-bundle.ts"))};` +
      `console.log(prepareRicBundle(${JSON.stringify(path.dirname(RIC))}));`,
  ],
  { encoding: "utf8" },
);
if (made.status !== 0) throw new Error(`runtime bundle: ${made.stderr}`);
const BUNDLE = made.stdout.trim();
// The engine's launcher, pointed at the bare ric instead of /var/runtime/index.mjs.
function launcher(source, name) {
  const file = path.join(task, name);
  fs.writeFileSync(file, fs.readFileSync(source, "utf8").replaceAll("/var/runtime/index.mjs", RIC));
  return file;
}
const standby = launcher(path.join(ROOT, "lib/engine/runtimes/nodejs/standby.mjs"), "standby.mjs");
// The engine's boot on Node.js 20 and 22: Lambda's V8 flags lifted while the runtime client loads.
const BOOT = path.join(ROOT, "lib/engine/runtimes/nodejs/boot.cjs");
const others = process.argv.slice(2).map((f, i) => [`standby:${f}`, launcher(f, `other-${i}.mjs`)]);

/** A process that is done booting uses no CPU: wait until two reads 50 ms apart agree. */
async function settled(pid) {
  let last = -1;
  for (;;) {
    const now = cpuMs(pid);
    if (now === last) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function once(argv, asStandby, handler = "handler.hello") {
  return new Promise((resolve, reject) => {
    let child;
    let boot = 0;
    const srv = http.createServer((req) => {
      if (!req.url?.endsWith("/invocation/next")) return;
      const total = cpuMs(child.pid);
      child.kill("SIGKILL");
      srv.closeAllConnections();
      srv.close();
      resolve({ total, boot, assigned: total - boot });
    });
    srv.listen(0, "127.0.0.1", async () => {
      const env = {
        PATH: "/usr/local/bin:/usr/bin:/bin",
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${srv.address().port}`,
        _HANDLER: handler,
        LAMBDA_TASK_ROOT: task,
        AWS_LAMBDA_FUNCTION_NAME: "f",
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
        AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/f",
        AWS_LAMBDA_LOG_STREAM_NAME: "s",
      };
      child = spawn(process.execPath, argv, {
        stdio: ["pipe", "ignore", "inherit"],
        env: asStandby ? { PATH: env.PATH } : env,
      });
      child.once("exit", (code, sig) => sig !== "SIGKILL" && reject(new Error(`exit ${code}`)));
      if (!asStandby) return;
      boot = await settled(child.pid);
      child.stdin.write(`${JSON.stringify(env)}\n`);
    });
  });
}

const bundleArgv = [...FLAGS, path.join(BUNDLE, "boot.cjs"), path.join(BUNDLE, "index.mjs")];
const variants = {
  bare: [RIC],
  lambdaFlags: [...FLAGS, RIC],
  lambdaFlagsThroughBoot: [...FLAGS, BOOT, RIC],
  commonJsHandler: bundleArgv,
  // The same bundle and boot with handler.mjs: what the engine starts for the bench's function.
  engineBundle: bundleArgv,
  // What the engine runs on Node.js 24 and later (lambdaNodeFlags): the same without --expose-gc.
  lambdaFlagsNoExposeGc: [...FLAGS.slice(1), RIC],
  onlyExposeGc: [FLAGS[0], RIC],
  onlyHeaderSize: [...FLAGS.slice(1, 3), RIC],
  onlySemiSpace: [FLAGS[3], RIC],
  onlyOldSpace: [FLAGS[4], RIC],
  standby: [...FLAGS, standby],
  standbyThroughBoot: [...FLAGS, BOOT, standby],
  ...Object.fromEntries(others.map(([name, file]) => [name, [...FLAGS, file]])),
};
// ONLY=a,b: just those variants.
const only = process.env.ONLY?.split(",");
for (const name of Object.keys(variants)) if (only && !only.includes(name)) delete variants[name];
const isStandby = (name) => name.startsWith("standby");
/** Variants that run the engine's bundle (its boot lifts the flags: no tag of their own). */
const OF_BUNDLE = new Set(["commonJsHandler", "engineBundle"]);
// Any V8 flag changes V8's flag hash, and with it the tag Node's built-in modules' embedded code
// cache was made for: that cache is then rejected and every built-in loaded after boot is compiled.
function cacheTag(flags) {
  const r = spawnSync(process.execPath, [...flags, "-p", "require('v8').cachedDataVersionTag()"]);
  return r.stdout.toString().trim();
}
const median = (a) => +[...a].sort((x, y) => x - y)[Math.floor(a.length / 2)].toFixed(1);
try {
  const tags = Object.fromEntries(
    Object.entries(variants)
      .filter(([name]) => !isStandby(name) && !OF_BUNDLE.has(name))
      // The command line's flags only (not the scripts): the tag the process starts with.
      .map(([name, argv]) => [name, cacheTag(argv.filter((a) => !a.startsWith("/")))]),
  );
  console.log(JSON.stringify({ codeCacheTag: tags }));
  for (let round = 1; round <= 2; round++) {
    const out = {};
    for (const [name, argv] of Object.entries(variants)) {
      const runs = [];
      const handler = name === "commonJsHandler" ? "commonjs.hello" : undefined;
      for (let i = 0; i < N; i++) runs.push(await once(argv, isStandby(name), handler));
      out[name] = isStandby(name)
        ? {
            total: median(runs.map((r) => r.total)),
            boot: median(runs.map((r) => r.boot)),
            assigned: median(runs.map((r) => r.assigned)),
          }
        : median(runs.map((r) => r.total));
    }
    console.log(JSON.stringify({ round, cpuMsToFirstNext: out }));
  }
} finally {
  fs.rmSync(task, { recursive: true, force: true });
}
