import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  CreateFunctionCommand,
  InvokeCommand,
  waitUntilFunctionActiveV2,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import {
  ModifyDBProxyTargetGroupCommand,
  RebootDBInstanceCommand,
  RegisterDBProxyTargetsCommand,
} from "@aws-sdk/client-rds";
import { zipSync } from "fflate";
import type { RunningEngine } from "../../lib/engine/engine";
import { MessageReader, authenticate, message, startupMessage } from "../../lib/engine/rds/pg-wire";
import {
  PASSWORD,
  availableInstance,
  availableProxy,
  consoleRoute,
  psql,
  rdsClientFor,
  waitAvailable,
} from "./rds";
import type { Waiter } from "./wait";

/**
 * The issue's load figure (test and bench): PostgreSQL with max_connections 20, a proxy held to
 * 10 backend connections, N concurrent invocations of the blueprint's Python function through the
 * proxy, pg_stat_activity sampled throughout; then the same burst straight at the database.
 */
export interface LoadFigure {
  invocations: number;
  succeeded: number;
  failed: string[];
  peakProxyBackends: number;
  samples: number;
  totalMs: number;
  p50Ms: number;
  p99Ms: number;
  direct: {
    succeeded: number;
    tooManyClients: number;
    otherErrors: number;
    sampleErrors: string[];
    totalMs: number;
  };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const CODE = path.join(process.cwd(), "lib/blueprints/catalog/postgres-query-python/code");
const QUERY = "SELECT current_user AS user_name, pg_sleep(0.05)::text AS slept, 1 + 1 AS two";

/** One login + query + close over the wire, as any PostgreSQL client does (the host-side burst). */
function directQuery(port: number, sql: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port });
    s.once("error", reject);
    s.once("connect", () => {
      const reader = new MessageReader(s);
      s.write(startupMessage({ user: "app", database: "postgres" }));
      void (async () => {
        try {
          await authenticate(reader, s, "app", PASSWORD);
          s.write(message("Q", Buffer.from(`${sql}\0`)));
          for (;;) {
            const m = await reader.message();
            if (m.type === "E") throw new Error(m.body.toString("utf8").replace(/\0/g, " "));
            if (m.type === "Z") break;
          }
          s.end(message("X", Buffer.alloc(0)));
          resolve();
        } catch (err) {
          s.destroy();
          reject(err as Error);
        }
      })();
    });
  }).catch((err: Error & { response?: Buffer }) => {
    throw new Error(err.response ? err.response.toString("utf8").replace(/\0/g, " ") : err.message);
  });
}

export async function runLoadFigure(
  engine: RunningEngine,
  lambda: LambdaClient,
  wait: Waiter,
  invocations = 200,
): Promise<LoadFigure> {
  const rds = rdsClientFor(engine);
  const dbPort = await availableInstance(wait, rds, "load-db");
  // What a parameter group does on RDS: the engine's superuser sets it (the master user may not).
  const inst = engine.databases.proxies.instances;
  const row = inst?.row("load-db");
  if (!inst || !row) throw new Error("no instance service");
  await psql(dbPort, "ALTER SYSTEM SET max_connections = 20", inst.adminLogin(row));
  await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: "load-db" }));
  await waitAvailable(wait, rds, "load-db");
  const proxy = await availableProxy(wait, engine, "load-proxy");
  await rds.send(
    new RegisterDBProxyTargetsCommand({
      DBProxyName: "load-proxy",
      DBInstanceIdentifiers: ["load-db"],
    }),
  );
  // 50 % of max_connections 20: 10 backend connections.
  await rds.send(
    new ModifyDBProxyTargetGroupCommand({
      DBProxyName: "load-proxy",
      TargetGroupName: "default",
      ConnectionPoolConfig: { MaxConnectionsPercent: 50, MaxIdleConnectionsPercent: 50 },
    }),
  );
  await engine.databases.proxies.reapply("load-proxy");
  const files = Object.fromEntries(
    fs.readdirSync(CODE).map((f) => [f, fs.readFileSync(path.join(CODE, f))]),
  );
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: "load-fn",
      Runtime: "python3.12",
      Handler: "lambda_function.lambda_handler",
      Role: "arn:aws:iam::000000000000:role/load",
      Timeout: 60,
      Code: { ZipFile: zipSync(files) },
      Environment: {
        Variables: {
          DB_HOST: proxy.endpoint,
          DB_PORT: String(proxy.port),
          DB_USER: "app",
          DB_PASSWORD: PASSWORD,
          DB_SSLMODE: "disable",
          QUERY,
        },
      },
    }),
  );
  await waitUntilFunctionActiveV2(
    { client: lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
    { FunctionName: "load-fn" },
  );
  await consoleRoute(engine, "PUT", "/lambda-console/db-proxies/load-proxy/functions/load-fn");

  let sampling = true;
  let peak = 0;
  let samples = 0;
  const sampler = (async () => {
    while (sampling) {
      const n = Number(
        await psql(
          dbPort,
          "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
        ),
      );
      peak = Math.max(peak, n);
      samples++;
    }
  })();
  const failed: string[] = [];
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: invocations }, async () => {
      for (;;) {
        try {
          const out = await lambda.send(
            new InvokeCommand({ FunctionName: "load-fn", Payload: Buffer.from("{}") }),
          );
          const body = JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString()) as {
            rowCount?: number;
            elapsedMs?: number;
            errorMessage?: string;
          };
          if (out.FunctionError || body.rowCount !== 1)
            failed.push(body.errorMessage ?? JSON.stringify(body));
          else latencies.push(body.elapsedMs ?? NaN);
          return;
        } catch (err) {
          // A throttle is retried, as SDK users do; anything else is a failure.
          if ((err as Error).name !== "TooManyRequestsException")
            return void failed.push((err as Error).message);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }),
  );
  const totalMs = performance.now() - t0;
  sampling = false;
  await sampler;
  latencies.sort((a, b) => a - b);

  // The same burst straight at the database, from the host (sandboxes cannot reach it at all).
  const errors: string[] = [];
  let ok = 0;
  const d0 = performance.now();
  await Promise.all(
    Array.from({ length: invocations }, () =>
      directQuery(dbPort, QUERY).then(
        () => void ok++,
        (e: Error) => void errors.push(e.message),
      ),
    ),
  );
  const directMs = performance.now() - d0;
  // SQLSTATE 53300: "too many clients already" (and "remaining connection slots are reserved…").
  const limited = (e: string) => /C53300|too many clients/.test(e);
  const tooMany = errors.filter(limited).length;
  return {
    invocations,
    succeeded: latencies.length,
    failed,
    peakProxyBackends: peak,
    samples,
    totalMs,
    p50Ms: pct(latencies, 50),
    p99Ms: pct(latencies, 99),
    direct: {
      succeeded: ok,
      tooManyClients: tooMany,
      otherErrors: errors.length - tooMany,
      sampleErrors: [...new Set(errors.filter((e) => !limited(e)))].slice(0, 3),
      totalMs: directMs,
    },
  };
}

export function loadFigureTable(f: LoadFigure): string {
  return [
    "| burst | invocations | succeeded | failed | peak DB connections (pg_stat_activity) | total | p50 query | p99 query |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    `| through the proxy (10 backends) | ${f.invocations} | ${f.succeeded} | ${f.failed.length} | ${f.peakProxyBackends} (${f.samples} samples) | ${(f.totalMs / 1000).toFixed(1)} s | ${f.p50Ms} ms | ${f.p99Ms} ms |`,
    `| straight at the database (max_connections 20) | ${f.invocations} | ${f.direct.succeeded} | ${f.direct.tooManyClients} "too many clients" (53300)${f.direct.otherErrors ? ` + ${f.direct.otherErrors} other (${f.direct.sampleErrors.join("; ")})` : ""} | — | ${(f.direct.totalMs / 1000).toFixed(1)} s | — | — |`,
  ].join("\n");
}
