// Prints one closing line for the whole suite ("tests: N passed, N failed, N skipped") from the
// runners' JSON reports; a stage that failed without a report (lint, type-check) counts as failed.
// Above it, each failed test by name with the first line of its error, so that the tail of a CI
// log says what failed without the scroll-back.
import fs from "node:fs";
import path from "node:path";

const [dir, ...failedStages] = process.argv.slice(2);
const failures = [];
const COLOUR = /\x1b\[[0-9;]*m/g;
const firstLine = (m) =>
  (
    String(m ?? "")
      .replace(COLOUR, "")
      .split("\n")
      .find((l) => l.trim()) ?? ""
  ).slice(0, 300);
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
  for (const file of r.testResults ?? [])
    for (const t of file.assertionResults ?? [])
      if (t.status === "failed")
        failures.push(
          `${f.replace(".json", "")}: ${path.relative(process.cwd(), file.name)} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`,
        );
}
/** Playwright's report: suites nest; a spec's test failed when its last result did. */
const walk = (suite, file) => {
  for (const spec of suite.specs ?? [])
    for (const t of spec.tests ?? []) {
      const last = t.results?.at(-1);
      if (t.status === "unexpected")
        failures.push(
          `e2e: ${spec.file ?? file}:${spec.line} > ${spec.title}: ${firstLine(last?.error?.message)}`,
        );
    }
  for (const s of suite.suites ?? []) walk(s, suite.file ?? file);
};
const e2e = read("e2e.json");
for (const s of e2e?.suites ?? []) walk(s, s.file);
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
if (failures.length) console.log(`\nfailed tests:\n${failures.map((f) => `  ${f}`).join("\n")}`);
if (failedStages.length) console.log(`\nfailed stages: ${failedStages.join(", ")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStages.length > 0 || failed > 0 ? 1 : 0);
