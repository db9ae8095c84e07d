// Standby launcher: node has booted inside the sandbox and belongs to no function yet. It waits for
// ONE JSON line on stdin (the environment's variables, sent over the pipe when the engine assigns
// it), becomes that environment, then loads aws-lambda-ric exactly as a normal start would.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function readLine() {
  return new Promise((resolve) => {
    let buf = "";
    const stdin = process.stdin;
    stdin.setEncoding("utf8");
    const onData = (chunk) => {
      buf += chunk;
      const i = buf.indexOf("\n");
      if (i < 0) return;
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      // The function gets an ended stdin, like the /dev/null of a normal start.
      stdin.destroy();
      resolve(buf.slice(0, i));
    };
    // Never assigned (the engine retired it): leave quietly.
    const onEnd = () => process.exit(0);
    stdin.on("data", onData);
    stdin.on("end", onEnd);
  });
}

// Built-ins most functions load (console.log on a pipe needs net and streams; the AWS SDK needs
// http), loaded while nobody waits. Here (through boot.cjs on Node.js 20 and 22) they come from
// Node's code cache; once Lambda's V8 flags are in force again for the function's own code, each
// would be compiled from source (scripts/bench/cold-cpu.mjs). ric itself loads them only when it
// streams a response (ric-bundle.ts). None starts anything or reads the environment.
for (const m of ["http", "net", "os"]) require(`node:${m}`);

const vars = JSON.parse(await readLine());
for (const k of Object.keys(process.env)) if (!(k in vars)) delete process.env[k];
for (const [k, v] of Object.entries(vars)) process.env[k] = String(v);
process.chdir(process.env.LAMBDA_TASK_ROOT || "/var/task");
// CommonJS reads NODE_PATH once at boot; re-read it now that it is set.
require("node:module")._initPaths();
process.argv[1] = "/var/runtime/index.mjs";
await import("/var/runtime/index.mjs");
