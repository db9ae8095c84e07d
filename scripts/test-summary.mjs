// Prints one closing line for the whole suite ("tests: N passed, N failed, N skipped") from the
// runners' JSON reports; a stage that failed without a report (lint, type-check) counts as failed.
import fs from "node:fs";
import path from "node:path";

const [dir, ...failedStages] = process.argv.slice(2);
let passed = 0,
  failed = 0,
  skipped = 0;
const read = (f) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  } catch {
    return undefined;
  }
};
const engineOnOtherNodes = fs.readdirSync(dir).filter((f) => /^engine-node\d+\.json$/.test(f));
for (const f of ["unit.json", "engine.json", ...engineOnOtherNodes]) {
  const r = read(f);
  if (!r) continue;
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
const e2e = read("e2e.json");
if (e2e?.stats) {
  passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  failed += e2e.stats.unexpected ?? 0;
  skipped += e2e.stats.skipped ?? 0;
}
const withoutReport = failedStages.filter(
  (s) =>
    !["unit", "engine", "e2e"].includes(s) && !(/^engine-node\d+$/.test(s) && read(`${s}.json`)),
);
failed += withoutReport.length;
if (failedStages.length) console.log(`\nfailed stages: ${failedStages.join(", ")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStages.length > 0 || failed > 0 ? 1 : 0);
