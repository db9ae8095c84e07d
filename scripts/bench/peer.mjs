// The local engine beside serverless-offline (the peer) and the physical floors, in one run: every
// target gets the same clients and the same three groups on fresh server processes
// (scripts/bench/peer/measure.mjs). Everything it runs is in this repository: the peer is a pinned
// dev dependency (package.json), installed by `npm install` with the rest.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CREDS,
  N,
  QUICK,
  coldPhase,
  log,
  sdkTarget,
  seqSdkOf,
  suite,
  now,
} from "./peer/measure.mjs";
import {
  HANDLER,
  floorColdChild,
  floorColdRapi,
  startFloor,
  startHopFloor,
  startPeer,
} from "./peer/targets.mjs";
import { bareNodeStart, LAMBDA_NODE_FLAGS_128, ricBurstFloor, ricColdFloor } from "./ric-floor.mjs";
import { engineTarget } from "./engine-target.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BENCH_OUT = path.join(ROOT, ".tmp/bench");
export { HANDLER };

function versionOf(dir, p) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", p, "package.json"), "utf8"))
      .version;
  } catch {
    return "?";
  }
}

/** JIT-warm this process's client code first, so that whichever server is measured first is not penalised. */
async function warmClient() {
  const srv = await startFloor();
  try {
    const t = sdkTarget(srv.port, srv.fnName);
    for (let i = 0; i < 300; i++) await t.invoke("hello");
    const end = now() + 1500;
    const caller = async () => {
      while (now() < end) await t.invoke("hello");
    };
    await Promise.all(Array.from({ length: N.conc }, caller));
    t.agent.destroy();
  } finally {
    await srv.stop();
  }
}

export async function runPeerBench() {
  const peerDir = ROOT;
  const res = {
    when: new Date().toISOString(),
    quick: QUICK,
    N,
    versions: {
      serverless: versionOf(peerDir, "serverless"),
      "serverless-offline": versionOf(peerDir, "serverless-offline"),
    },
  };
  log("client warm-up (not measured)");
  await warmClient();
  log("floor: node -e 0");
  res.nodeStart = bareNodeStart(N.nodeStart);
  log("floor: child process cold");
  res.coldChild = await floorColdChild(N.cold);
  log("floor: runtime-API cold");
  res.coldRapi = await floorColdRapi(N.cold);
  log("floor: aws-lambda-ric cold (spawn → GET next → POST response)");
  res.ricCold = await ricColdFloor(HANDLER, N.cold);
  log(`floor: ${N.burst} bare aws-lambda-ric processes in bubblewrap at once, 100 ms each`);
  res.ricBurst = await ricBurstFloor(HANDLER, N.burst);
  log(`floor: the same with Lambda's Node.js flags (as the engine starts a 128 MB function)`);
  res.ricBurstFlags = await ricBurstFloor(HANDLER, N.burst, { nodeFlags: LAMBDA_NODE_FLAGS_128 });
  res.floor = await suite("floor", startFloor, null);
  log("floor: the echo answered by a second process over the Runtime API, then over a unix socket");
  res.hopRapi = await seqSdkOf(startHopFloor("rapi"));
  res.hopRaw = await seqSdkOf(startHopFloor("raw"));
  res.peer = await suite("peer", startPeer, coldPhase);
  const fns = [
    { name: "hello", handler: "handler.hello" },
    { name: "sleep", handler: "handler.sleep" },
    ...Array.from({ length: N.coldFns }, (_, i) => ({
      name: `cold${i + 1}`,
      handler: "handler.hello",
    })),
  ];
  // The raw http.request rows send unsigned requests: the engine accepts them only with this opt-in.
  const startEngine = engineTarget({
    credentials: CREDS,
    handlerFile: HANDLER,
    functions: fns,
    env: { LAMBDA_ENGINE_ALLOW_UNSIGNED: "1" },
  });
  try {
    res.engine = await suite("engine", startEngine, coldPhase);
  } finally {
    startEngine.cleanup();
  }
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  const out = path.join(BENCH_OUT, `results-${res.when.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(out, JSON.stringify(res, null, 2));
  res.file = out;
  return res;
}
