// `npm run bench`: the local engine beside serverless-offline and the physical floors, in one run,
// every figure a ratio against a baseline measured in the same run. `-- --quick` (under 3 minutes)
// prints the warm, throughput, CPU, burst, start and memory rows only; the full bench adds the raw
// http rows, the concurrency drain, the 100,000-invoke soak and the functions list, and `--file-systems` / `--db-proxy`
// add those benches. Raw results: .tmp/bench/results-*.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runPeerBench } from "./peer.mjs";
import { engineTable, goalsTable } from "./tables.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const quick = process.argv.includes("--quick");
const t0 = Date.now();

/**
 * The kernel's count of memory cgroups (/proc/cgroups), dying ones included: environments' cgroups
 * whose page cache outlived them stay until it is reclaimed, and a machine holding a thousand of
 * them ran the first burst ~25% slower (docs/benchmarks.md, issue 18's eighth part).
 */
function memoryCgroups() {
  try {
    const line = fs
      .readFileSync("/proc/cgroups", "utf8")
      .split("\n")
      .find((l) => l.startsWith("memory\t"));
    return line ? Number(line.split("\t")[2]) : undefined;
  } catch {
    return undefined;
  }
}
const memcgAtStart = memoryCgroups();
const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "?";
  }
};

const res = await runPeerBench();
console.log(`\n## Local engine vs serverless-offline vs floors${quick ? " (--quick)" : ""}\n`);
console.log(engineTable(res));

let conc, list, soak;
if (!quick) {
  const { concurrencyBench } = await import("./concurrency.mjs");
  conc = await concurrencyBench();
  conc.ratio = conc.drainMs / conc.idealMs;
  console.log("\n## Concurrency: 1,000 concurrent invokes against reserved concurrency 50\n");
  console.log(conc.table);
  // Optional (needs PostgreSQL and PgBouncer; slow): the database-proxy load figure (issue 16).
  if (process.argv.includes("--db-proxy")) {
    const { spawnSync } = await import("node:child_process");
    spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench/db-proxy.ts")], {
      stdio: "inherit",
      cwd: ROOT,
    });
  }
  // The 100,000-invoke soak (issue 18): latency and the engine's memory and fds stay flat.
  const { soakBench } = await import("./soak.mjs");
  soak = await soakBench();
  console.log(`\n## Soak: ${soak.invokes.toLocaleString("en-US")} warm invokes\n`);
  console.log(soak.table);
  const { functionsListBench } = await import("./functions-list.mjs");
  list = await functionsListBench();
  console.log("\n## Functions list at 5,000 functions (issue 5)\n");
  console.log(list.table);
  // Optional (`npm run bench -- --file-systems`): 100 MB through an EFS access point vs the host.
  if (process.argv.includes("--file-systems")) {
    const { fileSystemBench } = await import("./file-system.mjs");
    const fsb = await fileSystemBench();
    console.log("\n## File system: 100 MB file inside a function vs the host (issue 17)\n");
    console.log(fsb.table);
  }
}

console.log("\n## Issue 18 goals, as ratios in this run\n");
console.log(goalsTable(res, { conc, list, soak }));
const mem = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
const memcgAtEnd = memoryCgroups();
const load = os
  .loadavg()
  .map((x) => x.toFixed(1))
  .join(" ");
console.log(
  `\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${mem}, ${os.type()} ${os.release()}, Node.js ${process.version}; load average at the end ${load}; memory cgroups in the kernel ${memcgAtStart ?? "?"} → ${memcgAtEnd ?? "?"} (dying ones included: see docs/benchmarks.md). ` +
    `Date ${res.when}; commit ${sh("git", ["rev-parse", "--short", "HEAD"])}${sh("git", ["status", "--porcelain"]) ? " (with local changes)" : ""}. ` +
    `Peer: serverless ${res.versions.serverless}, serverless-offline ${res.versions["serverless-offline"]}. ` +
    `Bench took ${((Date.now() - t0) / 1000).toFixed(0)} s. Raw results: ${path.relative(ROOT, res.file)}`,
);
