// The database-proxy load figure (issue 16) as a bench row: `npm run bench -- --db-proxy` or
// `npx tsx scripts/bench/db-proxy.ts [invocations]`. Needs PostgreSQL and PgBouncer (Debian).
import { startTestEngine } from "../../test/support/lambda";
import { loadFigureTable, runLoadFigure } from "../../test/support/rds-load-figure";
import { poll } from "../lib/poll";

const invocations = Number(process.argv[2] ?? process.env.LAMBDA_DB_LOAD_INVOCATIONS ?? 200);
const t = await startTestEngine("bench-db-proxy-", { LAMBDA_ENGINE_MAX_ENVIRONMENTS: "48" });
try {
  const f = await runLoadFigure(t.engine, t.lambda, poll, invocations);
  console.log(
    `\n## Database proxy: ${invocations} concurrent invocations, max_connections 20, proxy limited to 10\n`,
  );
  console.log(loadFigureTable(f));
  if (f.failed.length) console.log(`\nfailures (first 3): ${f.failed.slice(0, 3).join(" | ")}`);
} finally {
  await t.close();
}
