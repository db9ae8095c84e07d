// `npm start` runs this first: a targets file (or LAMBDA_CONSOLE_TARGETS) with mistakes, in the
// targets or in who gets which role where, stops the start with the reasons instead of running
// with fewer targets or grants than the operator wrote.
import { loadAccessPolicy } from "../lib/auth/access-policy";

const policy = loadAccessPolicy();
if (policy.problems.length > 0) {
  console.error("[start] the targets configuration has problems:");
  for (const p of policy.problems) console.error(`  ${p.source}: ${p.message}`);
  process.exit(1);
}
const scoped = policy.grants.filter((g) => !g.targets.includes("*")).length;
console.log(
  `[start] targets: ${policy.targets.map((t) => `${t.id} (${t.environment})`).join(", ")}; ` +
    `${policy.grants.length} role grants${scoped ? `, ${scoped} limited to some targets` : ""}`,
);
