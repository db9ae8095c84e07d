// `node scripts/bench/burst.mjs`: the first-burst probe (issue 18). Starts the compiled engine as
// the bench does, warms the path with one invoke, then sends N (default 50) 100 ms sleeps at once,
// twice, and prints wall time, overlap, environments and when the answers came. For profiling:
// BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=.tmp/prof" passes flags to the engine.
import { CREDS, maxOverlap, now, sdkTarget } from "./peer/measure.mjs";
import { HANDLER } from "./peer/targets.mjs";
import { engineTarget } from "./engine-target.mjs";

const N = Number(process.env.N || 50);
const start = engineTarget({
  credentials: CREDS,
  handlerFile: HANDLER,
  functions: [
    { name: "hello", handler: "handler.hello" },
    { name: "sleep", handler: "handler.sleep" },
  ],
});

async function burst(t) {
  const a = now();
  const answered = [];
  const res = await Promise.all(
    Array.from({ length: N }, () => t.invoke("sleep").then((r) => (answered.push(now() - a), r))),
  );
  answered.sort((x, y) => x - y);
  const at = (q) => Math.round(answered[Math.min(N - 1, Math.floor(q * N))]);
  return {
    wallMs: Math.round(now() - a),
    overlapped: maxOverlap(res),
    environments: new Set(res.map((r) => r.env)).size,
    answeredMs: { first: at(0), p25: at(0.25), p50: at(0.5), p75: at(0.75), last: at(1) },
  };
}

const srv = await start();
try {
  const t = sdkTarget(srv.port, srv.fnName);
  await t.invoke("hello");
  await new Promise((r) => setTimeout(r, 300));
  console.log("burst #1", JSON.stringify(await burst(t)));
  console.log("burst #2", JSON.stringify(await burst(t)));
  t.agent.destroy();
} finally {
  await srv.stop();
  start.cleanup();
}
