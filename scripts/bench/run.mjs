// `npm run bench`: the local engine beside serverless-offline and the physical floors, in one run,
// every figure a ratio against a baseline measured in the same run.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPeerBench, engineTable } from "./peer.mjs";
import { bareNodeStart, ricColdFloor } from "./ric-floor.mjs";
import { concurrencyBench } from "./concurrency.mjs";
import { functionsListBench } from "./functions-list.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const handler = path.resolve(ROOT, "../shared/peer-bench/svc/handler.mjs");

const nodeStart = bareNodeStart();
const ricFloor = await ricColdFloor(handler);
const res = runPeerBench();
const E = res.engine;
console.log("\n## Local engine vs serverless-offline vs floors\n");
console.log(engineTable(res));

const warmRatio = E.seqSdk.p50 / res.floor.seqSdk.p50;
const coldRatio = E.coldFns.median / ricFloor;
console.log("\n## Issue targets\n");
console.log("| target | measured | bar | met |\n| --- | --- | --- | --- |");
console.log(
  `| warm invoke p50 / node:http echo round trip (same SDK client) | ${warmRatio.toFixed(2)}× (${E.seqSdk.p50.toFixed(2)} / ${res.floor.seqSdk.p50.toFixed(2)} ms) | ≤ 2× | ${warmRatio <= 2 ? "yes" : "NO"} |`,
);
console.log(
  `| Node cold start / (bare node start + runtime client start) | ${coldRatio.toFixed(2)}× (${E.coldFns.median.toFixed(1)} / ${ricFloor.toFixed(1)} ms; bare node -e 0 alone ${nodeStart.toFixed(1)} ms) | ≤ 1.5× | ${coldRatio <= 1.5 ? "yes" : "NO"} |`,
);

const conc = await concurrencyBench();
console.log("\n## Concurrency: 1,000 concurrent invokes against reserved concurrency 50\n");
console.log(conc.table);

// Optional (needs PostgreSQL and PgBouncer; slow): the database-proxy load figure (issue 16).
if (process.argv.includes("--db-proxy")) {
  const { spawnSync } = await import("node:child_process");
  spawnSync("npx", ["tsx", path.join(ROOT, "scripts/bench/db-proxy.ts")], {
    stdio: "inherit",
    cwd: ROOT,
  });
}

const list = await functionsListBench();
console.log("\n## Functions list at 5,000 functions (issue 5)\n");
console.log(list.table);

// Optional (`npm run bench -- --file-systems`): 100 MB through an EFS access point vs the host.
if (process.argv.includes("--file-systems")) {
  const { fileSystemBench } = await import("./file-system.mjs");
  const fsb = await fileSystemBench();
  console.log("\n## File system: 100 MB file inside a function vs the host (issue 17)\n");
  console.log(fsb.table);
}
