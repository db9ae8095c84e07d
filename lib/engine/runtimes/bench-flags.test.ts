import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { lambdaNodeFlags } from "./index";

const BENCH_FLOOR = new URL("../../../scripts/bench/ric-floor.mjs", import.meta.url).href;

// The bench's floors (scripts/bench/ric-floor.mjs) run bare runtimes with the command line the
// engine gives a 128 MB Node.js function; the bench is plain JavaScript and keeps its own copy.
describe("the bench's copy of Lambda's Node.js flags", () => {
  it("is the engine's lambdaNodeFlags(128) on this Node.js", () => {
    const r = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { LAMBDA_NODE_FLAGS_128 as f } from ${JSON.stringify(BENCH_FLOOR)}; console.log(JSON.stringify(f));`,
      ],
      { encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    const major = Number(process.versions.node.split(".")[0]);
    const bench = JSON.parse(r.stdout) as string[];
    // On Node.js 24 the engine leaves --expose-gc out (lambdaNodeFlags); Lambda's line has it.
    expect(major >= 24 ? bench.filter((f) => f !== "--expose-gc") : bench).toEqual(
      lambdaNodeFlags(128, major),
    );
  });
});
