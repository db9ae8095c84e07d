// `node scripts/bench/start.mjs [N] [--compare <dir>/run.cjs]`: the engine's start alone (issue 18:
// start → ready ≤ 150 ms). N rounds (default 10) on a data dir holding one function; each round
// starts the node:http floor, then the compiled engine (and the --compare build, e.g. a copy of
// .engine-dist from before a change, one directory below the project root like .engine-dist):
// wall time to the port accepting, CPU the engine's threads used by then (/proc schedstat), wall
// time to its first API answer (ListFunctions, sent as soon as the port accepts), then to its
// first Invoke (a cold start) answered. BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles.
import { LambdaClient, InvokeCommand, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { engineTarget } from "./engine-target.mjs";
import { HANDLER, startFloor } from "./peer/targets.mjs";
import { CREDS, median, now } from "./peer/measure.mjs";
import { threadsCpuMs as cpuMs } from "./peer/process-tree.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--compare");
const compare = at >= 0 ? args.splice(at, 2)[1] : undefined;
const N = Number(args[0] ?? 10);

const target = (main) => {
  const start = engineTarget({
    credentials: CREDS,
    handlerFile: HANDLER,
    functions: [{ name: "hello", handler: "handler.hello" }],
    main,
  });
  return { start, open: [], cpu: [], list: [], invoke: [] };
};
/** One start: port open, CPU by then, then the first Invoke through the SDK. */
async function measure(t) {
  const a = now();
  const srv = await t.start();
  t.open.push(srv.bootMs);
  t.cpu.push(cpuMs(srv.pid));
  const client = new LambdaClient({
    endpoint: srv.endpoint,
    region: "us-east-1",
    credentials: CREDS,
    maxAttempts: 1,
  });
  try {
    await client.send(new ListFunctionsCommand({}));
    t.list.push(now() - a);
    const out = await client.send(new InvokeCommand({ FunctionName: "hello" }));
    if (out.FunctionError) throw new Error(`invoke failed: ${out.FunctionError}`);
    t.invoke.push(now() - a);
  } finally {
    client.destroy();
    await srv.stop();
  }
}

const targets = { engine: target(undefined) };
if (compare) targets[`compare (${compare})`] = target(compare);
const floor = [];
try {
  // A first start per target seeds its function and writes its code cache: not counted.
  for (const t of Object.values(targets)) await (await t.start()).stop();
  for (let i = 0; i < N; i++) {
    const f = await startFloor();
    floor.push(f.bootMs);
    await f.stop();
    for (const t of Object.values(targets)) await measure(t);
  }
} finally {
  for (const t of Object.values(targets)) t.start.cleanup();
}
const f = (a) => `${median(a).toFixed(0)} ms (min ${Math.min(...a).toFixed(0)})`;
console.log(`engine start, ${N} rounds, medians; floor (node:http) ${f(floor)}`);
for (const [name, t] of Object.entries(targets)) {
  console.log(`${name}:`);
  console.log(
    `  start → port open     ${f(t.open)}  (${(median(t.open) / median(floor)).toFixed(2)}× floor)`,
  );
  console.log(`  CPU to port open      ${f(t.cpu)}`);
  console.log(`  start → ListFunctions ${f(t.list)}`);
  console.log(`  start → first Invoke  ${f(t.invoke)} (after it; a cold start)`);
}
