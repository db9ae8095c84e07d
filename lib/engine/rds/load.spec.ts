import { describe, expect, vi } from "vitest";
import { engineTest } from "@/test/support/fixtures";
import { loadFigureTable, runLoadFigure } from "@/test/support/rds-load-figure";

// 200 by default, as the issue states it; LAMBDA_DB_LOAD_INVOCATIONS lowers it on a busy machine.
const INVOCATIONS = Number(process.env.LAMBDA_DB_LOAD_INVOCATIONS ?? 200);

const test = engineTest("rds-load-", { LAMBDA_ENGINE_MAX_ENVIRONMENTS: "48" });

describe("load figure: a proxy holds a burst to its backend limit", () => {
  test(`${INVOCATIONS} concurrent invocations through a 10-connection proxy all succeed; straight at max_connections 20 they do not`, async ({
    testEngine: t,
  }) => {
    const f = await runLoadFigure(t.engine, t.lambda, vi.waitFor, INVOCATIONS);
    console.log(loadFigureTable(f));
    if (f.failed.length) console.log("proxy burst failures:", f.failed.slice(0, 3));
    expect(f.failed).toEqual([]);
    expect(f.succeeded).toBe(INVOCATIONS);
    expect(f.samples).toBeGreaterThan(3);
    expect(f.peakProxyBackends).toBeGreaterThan(0);
    expect(f.peakProxyBackends).toBeLessThanOrEqual(10);
    expect(f.direct.tooManyClients).toBeGreaterThan(0);
  }, 600_000);
});
